package org.saferwayout.exchange.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The exchange's log operator: appends the events of {@code domainevententry} to the Merkle tree and writes a
 * signed checkpoint at least every {@link Settings#eventsPerCheckpoint} leaves, and every
 * {@link Settings#checkpointInterval} while there are leaves no checkpoint covers yet.
 *
 * <p>Leaf order is the order events are appended here, not their global index: Axon's global index can commit out
 * of order. The checkpointer stops at a missing global index until it has been missing for
 * {@link Settings#gapSettleTime}, then passes it; an event committed at a passed index within
 * {@link Settings#lateEventWindow} is appended later, as a new leaf. After that window the position is closed: an
 * event appearing there is never appended, and the verifier reports it (ADR 013).
 *
 * <p>Single-threaded: call {@link #appendNewEvents} from one scheduler thread. Each call is one transaction.
 */
public final class ExchangeCheckpointer {

    private static final Logger log = LoggerFactory.getLogger(ExchangeCheckpointer.class);

    public record Settings(int eventsPerCheckpoint, Duration checkpointInterval, Duration gapSettleTime,
                           Duration lateEventWindow, int batchSize) {

        public static Settings defaults() {
            return new Settings(1000, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(60), 1000);
        }

        public Settings withGapSettleTime(Duration settle) {
            return new Settings(eventsPerCheckpoint, checkpointInterval, settle, lateEventWindow, batchSize);
        }

        public Settings withCheckpointInterval(Duration interval) {
            return new Settings(eventsPerCheckpoint, interval, gapSettleTime, lateEventWindow, batchSize);
        }
    }

    /** Global indices {@code [from, to]} passed while missing, open for late events until {@code closesAt}. */
    private record PassedGap(long from, long to, Instant closesAt) {
    }

    private final ConnectionSource exchange;
    private final CheckpointSigner signer;
    private final Settings settings;
    private final Clock clock;
    private final MessageDigest digest = MerkleHashes.sha256();
    private final List<PassedGap> passedGaps = new ArrayList<>();

    private CompactMerkleTree tree;
    private long highestAppended;
    private long checkpointedSize;
    private Instant lastCheckpointAt;
    private long waitingGapStart = -1;
    private Instant waitingSince;

    public ExchangeCheckpointer(ConnectionSource exchange, CheckpointSigner signer, Settings settings, Clock clock) {
        this.exchange = exchange;
        this.signer = signer;
        this.settings = settings;
        this.clock = clock;
    }

    /** Creates the tree's tables if missing. */
    public void createTables() throws SQLException {
        try (Connection connection = exchange.open()) {
            AuditTables.createIfMissing(connection);
        }
    }

    public long treeSize() {
        return tree == null ? 0 : tree.size();
    }

    /** Appends what is new, then signs a checkpoint if one is due. Returns the number of leaves appended. */
    public int appendNewEvents() throws SQLException {
        return run(false);
    }

    /** Appends what is new and signs a checkpoint of every leaf not yet covered (tests, tools, shutdown). */
    public int appendAndCheckpointNow() throws SQLException {
        return run(true);
    }

    private int run(boolean checkpointNow) throws SQLException {
        try (Connection connection = exchange.open()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (tree == null) {
                    restore(connection);
                }
                Batch batch = new Batch();
                appendLateEvents(connection, batch);
                appendInOrder(connection, batch);
                boolean intervalElapsed = !clock.instant().isBefore(lastCheckpointAt.plus(settings.checkpointInterval()));
                if (tree.size() > checkpointedSizeIncluding(batch) && (checkpointNow || intervalElapsed)) {
                    batch.checkpoints.add(signer.sign(tree.size(), tree.root(), clock.millis()));
                }
                batch.write(connection);
                connection.commit();
                if (!batch.checkpoints.isEmpty()) {
                    checkpointedSize = checkpointedSizeIncluding(batch);
                    lastCheckpointAt = clock.instant();
                }
                return batch.leaves.size();
            } catch (SQLException | RuntimeException failed) {
                connection.rollback();
                tree = null; // the tables are the truth: reload them next time
                throw failed;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private void restore(Connection connection) throws SQLException {
        AuditTables.createIfMissing(connection);
        long size = AuditTables.leafCount(connection);
        tree = CompactMerkleTree.restore(size, AuditTables.subtreeHashes(connection));
        highestAppended = AuditTables.highestGlobalIndex(connection);
        List<SignedCheckpoint> latest = latestCheckpoint(connection);
        checkpointedSize = latest.isEmpty() ? 0 : latest.get(0).treeSize();
        lastCheckpointAt = latest.isEmpty() ? Instant.EPOCH : Instant.ofEpochMilli(latest.get(0).signedAt());
        if (!latest.isEmpty() && !java.util.Arrays.equals(latest.get(0).rootHash(), rootAt(connection, checkpointedSize))) {
            log.error("The exchange's latest checkpoint (tree size {}) does not match its tree tables: they were altered",
                    checkpointedSize);
        }
        log.info("Exchange checkpointer at tree size {} (highest global index {}, last checkpoint at size {})",
                size, highestAppended, checkpointedSize);
    }

    private static byte[] rootAt(Connection connection, long size) {
        try {
            return MerkleProofs.root(size, AuditTables.subtreeHashes(connection));
        } catch (RuntimeException unreadable) {
            return new byte[0];
        }
    }

    private static List<SignedCheckpoint> latestCheckpoint(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT tree_size, root_hash, signed_at, operator_key,"
                + " signature FROM " + AuditTables.CHECKPOINT_TABLE + " ORDER BY tree_size DESC LIMIT 1");
             ResultSet result = query.executeQuery()) {
            List<SignedCheckpoint> latest = new ArrayList<>();
            if (result.next()) {
                latest.add(new SignedCheckpoint(result.getLong(1), result.getBytes(2), result.getLong(3),
                        result.getBytes(4), result.getBytes(5)));
            }
            return latest;
        }
    }

    /** Events committed late at an index passed while it was missing, still within its window. */
    private void appendLateEvents(Connection connection, Batch batch) throws SQLException {
        Instant now = clock.instant();
        for (Iterator<PassedGap> gaps = passedGaps.iterator(); gaps.hasNext(); ) {
            PassedGap gap = gaps.next();
            if (now.isAfter(gap.closesAt())) {
                gaps.remove();
                continue;
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM "
                    + StoredEvent.TABLE + " e WHERE globalindex BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM "
                    + AuditTables.LEAF_TABLE + " l WHERE l.global_index = e.globalindex) ORDER BY globalindex")) {
                query.setLong(1, gap.from());
                query.setLong(2, gap.to());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        StoredEvent late = StoredEvent.read(rows, 1);
                        log.info("Event at global index {} committed after later ones; appended as leaf {}",
                                late.globalIndex(), tree.size());
                        append(late, batch);
                    }
                }
            }
        }
    }

    private void appendInOrder(Connection connection, Batch batch) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM "
                + StoredEvent.TABLE + " WHERE globalindex > ? ORDER BY globalindex LIMIT " + settings.batchSize())) {
            query.setLong(1, highestAppended);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    StoredEvent event = StoredEvent.read(rows, 1);
                    long expected = highestAppended + 1;
                    if (event.globalIndex() > expected && !gapSettled(expected)) {
                        return;
                    }
                    if (event.globalIndex() > expected) {
                        passedGaps.add(new PassedGap(expected, event.globalIndex() - 1,
                                clock.instant().plus(settings.lateEventWindow())));
                        log.debug("Passed global indices {}..{}, missing for {}", expected, event.globalIndex() - 1,
                                settings.gapSettleTime());
                    }
                    waitingGapStart = -1;
                    append(event, batch);
                    highestAppended = event.globalIndex();
                }
            }
        }
    }

    /** Whether the gap starting at {@code start} has been missing long enough to pass it. */
    private boolean gapSettled(long start) {
        Instant now = clock.instant();
        if (waitingGapStart != start) {
            waitingGapStart = start;
            waitingSince = now;
        }
        return !now.isBefore(waitingSince.plus(settings.gapSettleTime()));
    }

    private void append(StoredEvent event, Batch batch) {
        byte[] leafHash = event.leafHash(digest);
        batch.leaves.add(new long[] {tree.size(), event.globalIndex()});
        batch.leafHashes.add(leafHash);
        tree.append(leafHash, subtree -> {
            if (subtree.level() > 0) {
                batch.nodes.add(subtree);
            }
        });
        if (tree.size() - checkpointedSizeIncluding(batch) >= settings.eventsPerCheckpoint()) {
            batch.checkpoints.add(signer.sign(tree.size(), tree.root(), clock.millis()));
        }
    }

    private long checkpointedSizeIncluding(Batch batch) {
        return batch.checkpoints.isEmpty() ? checkpointedSize : batch.checkpoints.get(batch.checkpoints.size() - 1).treeSize();
    }

    /** What one run writes, in one transaction. */
    private static final class Batch {
        final List<long[]> leaves = new ArrayList<>();
        final List<byte[]> leafHashes = new ArrayList<>();
        final List<CompactMerkleTree.Subtree> nodes = new ArrayList<>();
        final List<SignedCheckpoint> checkpoints = new ArrayList<>();

        void write(Connection connection) throws SQLException {
            if (!leaves.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + AuditTables.LEAF_TABLE
                        + " (leaf_index, global_index, leaf_hash) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < leaves.size(); i++) {
                        insert.setLong(1, leaves.get(i)[0]);
                        insert.setLong(2, leaves.get(i)[1]);
                        insert.setBytes(3, leafHashes.get(i));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            if (!nodes.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + AuditTables.NODE_TABLE
                        + " (tree_level, node_index, node_hash) VALUES (?, ?, ?)")) {
                    for (CompactMerkleTree.Subtree node : nodes) {
                        insert.setInt(1, node.level());
                        insert.setLong(2, node.index());
                        insert.setBytes(3, node.hash());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            for (SignedCheckpoint checkpoint : checkpoints) {
                AuditTables.insertCheckpoint(connection, checkpoint);
            }
        }
    }
}
