package org.saferwayout.exchange.audit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The log operator: leaf order under out-of-order commits, checkpoint cadence, restart. */
class ExchangeCheckpointerTest {

    private final String url = "jdbc:h2:mem:checkpointer-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    private final ConnectionSource exchange = () -> DriverManager.getConnection(url, "swo", "swo");
    private final MutableClock clock = new MutableClock();
    private final CheckpointSigner signer = CheckpointSigner.generate();
    private final ExchangeCheckpointer.Settings settings = new ExchangeCheckpointer.Settings(5, Duration.ofSeconds(10),
            Duration.ofSeconds(2), Duration.ofSeconds(60), 1000);

    @BeforeEach
    void axonsTable() throws SQLException {
        try (Connection connection = exchange.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE domainevententry (globalindex BIGINT NOT NULL PRIMARY KEY,"
                    + " aggregateidentifier VARCHAR(255) NOT NULL, sequencenumber BIGINT NOT NULL, type VARCHAR(255),"
                    + " eventidentifier VARCHAR(255) NOT NULL UNIQUE, metadata BYTEA, payload BYTEA NOT NULL,"
                    + " payloadrevision VARCHAR(255), payloadtype VARCHAR(255) NOT NULL, timestamp VARCHAR(255) NOT NULL)");
        }
    }

    @Test
    void anEventCommittedLateIsAppendedAfterTheOnesThatOvertookIt() throws Exception {
        ExchangeCheckpointer checkpointer = new ExchangeCheckpointer(exchange, signer, settings, clock);
        insert(1, 2, 4, 5);
        assertThat(checkpointer.appendNewEvents()).isEqualTo(2); // waits at the gap at 3
        clock.advance(Duration.ofSeconds(1));
        assertThat(checkpointer.appendNewEvents()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(checkpointer.appendNewEvents()).isEqualTo(2); // settled: passes 3
        insert(3);
        clock.advance(Duration.ofSeconds(30));
        assertThat(checkpointer.appendNewEvents()).isEqualTo(1); // within the late-event window: appended as leaf 4
        assertThat(leafOrder()).containsExactly(1L, 2L, 4L, 5L, 3L);
        assertThat(ExchangeVerifier.verify(new JdbcAuditSource(exchange), ExchangeVerifier.Options.defaults()).intact()).isTrue();
    }

    @Test
    void anEventAtAPositionClosedLongAgoIsNeverAppendedAndTheVerifierReportsIt() throws Exception {
        ExchangeCheckpointer checkpointer = new ExchangeCheckpointer(exchange, signer, settings, clock);
        insert(1, 2, 4);
        checkpointer.appendNewEvents();
        clock.advance(Duration.ofSeconds(2));
        checkpointer.appendAndCheckpointNow();
        clock.advance(Duration.ofSeconds(61));
        insert(3);
        assertThat(checkpointer.appendNewEvents()).isZero();
        assertThat(leafOrder()).containsExactly(1L, 2L, 4L);
        VerificationReport report = ExchangeVerifier.verify(new JdbcAuditSource(exchange), ExchangeVerifier.Options.defaults());
        assertThat(report.firstBadPosition()).hasValueSatisfying(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.EVENT_OUTSIDE_TREE);
            assertThat(finding.globalIndex()).isEqualTo(3);
        });
    }

    @Test
    void checkpointsComeEveryNEventsAndAfterTheIntervalWhenThereAreNewEvents() throws Exception {
        ExchangeCheckpointer checkpointer = new ExchangeCheckpointer(exchange, signer, settings, clock);
        insert(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        checkpointer.appendNewEvents();
        assertThat(checkpointSizes()).containsExactly(5L, 10L, 12L); // the first ever is due at once
        insert(13);
        clock.advance(Duration.ofSeconds(9));
        checkpointer.appendNewEvents();
        assertThat(checkpointSizes()).containsExactly(5L, 10L, 12L);
        clock.advance(Duration.ofSeconds(1));
        checkpointer.appendNewEvents();
        assertThat(checkpointSizes()).containsExactly(5L, 10L, 12L, 13L);
        clock.advance(Duration.ofSeconds(60));
        checkpointer.appendNewEvents();
        assertThat(checkpointSizes()).as("nothing new, nothing signed").containsExactly(5L, 10L, 12L, 13L);
        try (Connection connection = exchange.open()) {
            for (SignedCheckpoint checkpoint : AuditTables.allCheckpoints(connection)) {
                assertThat(checkpoint.signatureValid()).isTrue();
                assertThat(checkpoint.operatorKey()).isEqualTo(signer.publicKey());
            }
        }
    }

    @Test
    void aRestartedCheckpointerContinuesTheSameTree() throws Exception {
        insert(1, 2, 3, 4, 5, 6, 7);
        new ExchangeCheckpointer(exchange, signer, settings, clock).appendAndCheckpointNow();
        insert(8, 9, 10, 11);
        ExchangeCheckpointer restarted = new ExchangeCheckpointer(exchange, signer, settings, clock);
        restarted.appendAndCheckpointNow();
        assertThat(restarted.treeSize()).isEqualTo(11);
        assertThat(leafOrder()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(ExchangeVerifier.verify(new JdbcAuditSource(exchange), ExchangeVerifier.Options.defaults()).intact()).isTrue();
        try (Connection connection = exchange.open()) {
            List<SignedCheckpoint> checkpoints = AuditTables.allCheckpoints(connection);
            SignedCheckpoint first = checkpoints.get(0);
            SignedCheckpoint last = checkpoints.get(checkpoints.size() - 1);
            assertThat(MerkleProofs.verifyConsistency(first.treeSize(), last.treeSize(), first.rootHash(), last.rootHash(),
                    MerkleProofs.consistencyProof(first.treeSize(), last.treeSize(), AuditTables.subtreeHashes(connection))))
                    .isTrue();
            assertThat(MerkleProofs.verifyInclusion(7, 11, leafHash(connection, 7),
                    MerkleProofs.inclusionProof(7, 11, AuditTables.subtreeHashes(connection)), last.rootHash())).isTrue();
        }
    }

    private static byte[] leafHash(Connection connection, long leafIndex) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT leaf_hash FROM exchange_merkle_leaf WHERE leaf_index = ?")) {
            query.setLong(1, leafIndex);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getBytes(1);
            }
        }
    }

    private void insert(long... globalIndices) throws SQLException {
        try (Connection connection = exchange.open(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO domainevententry VALUES (?, ?, 0, 'Referral', ?, ?, ?, NULL, 'Sample', ?)")) {
            for (long globalIndex : globalIndices) {
                insert.setLong(1, globalIndex);
                insert.setString(2, "referral-" + globalIndex);
                insert.setString(3, UUID.randomUUID().toString());
                insert.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
                insert.setBytes(5, ("{\"n\":" + globalIndex + "}").getBytes(StandardCharsets.UTF_8));
                insert.setString(6, Instant.now().toString());
                insert.executeUpdate();
            }
        }
    }

    private List<Long> leafOrder() throws SQLException {
        return longs("SELECT global_index FROM exchange_merkle_leaf ORDER BY leaf_index");
    }

    private List<Long> checkpointSizes() throws SQLException {
        return longs("SELECT tree_size FROM exchange_checkpoint ORDER BY tree_size");
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection connection = exchange.open(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getLong(1));
            }
        }
        return values;
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-06-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
