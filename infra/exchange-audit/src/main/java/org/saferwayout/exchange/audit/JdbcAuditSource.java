package org.saferwayout.exchange.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live exchange database, read with plain JDBC (H2 or PostgreSQL), page by page. The leaf table and the events
 * are read as two scans in primary-key order and merged: leaf order follows global order except for events that
 * committed late (ADR 013), which wait in memory until their leaf comes. A join would make the database sort.
 */
public final class JdbcAuditSource implements AuditSource {

    private static final int PAGE_SIZE = 5000;

    private final ConnectionSource exchange;
    private final List<StoredEvent> outside = new ArrayList<>();
    private boolean walked;

    public JdbcAuditSource(ConnectionSource exchange) {
        this.exchange = exchange;
    }

    @Override
    public long leafCount() throws Exception {
        try (Connection connection = exchange.open()) {
            return AuditTables.leafCount(connection);
        }
    }

    @Override
    public void forEachLeaf(LeafVisitor visitor) throws Exception {
        outside.clear();
        try (Connection leafConnection = exchange.open(); Connection eventConnection = exchange.open()) {
            PagedScan<Object[]> leaves = new PagedScan<>(leafConnection, "SELECT leaf_index, global_index, leaf_hash FROM "
                    + AuditTables.LEAF_TABLE + " WHERE leaf_index > ? ORDER BY leaf_index",
                    row -> new Object[] {row.getLong(1), row.getLong(2), row.getBytes(3)}, row -> (Long) row[0]);
            PagedScan<StoredEvent> events = new PagedScan<>(eventConnection, "SELECT " + StoredEvent.COLUMNS + " FROM "
                    + StoredEvent.TABLE + " WHERE globalindex > ? ORDER BY globalindex",
                    row -> StoredEvent.read(row, 1), StoredEvent::globalIndex);
            Map<Long, StoredEvent> aheadOfTheirLeaf = new HashMap<>();
            StoredEvent next = events.next();
            for (Object[] leaf = leaves.next(); leaf != null; leaf = leaves.next()) {
                long globalIndex = (Long) leaf[1];
                StoredEvent event = aheadOfTheirLeaf.remove(globalIndex);
                if (event == null) {
                    while (next != null && next.globalIndex() < globalIndex) {
                        aheadOfTheirLeaf.put(next.globalIndex(), next);
                        next = events.next();
                    }
                    if (next != null && next.globalIndex() == globalIndex) {
                        event = next;
                        next = events.next();
                    }
                }
                visitor.visit(new Leaf((Long) leaf[0], globalIndex, (byte[]) leaf[2], event));
            }
            outside.addAll(aheadOfTheirLeaf.values());
            for (; next != null; next = events.next()) {
                outside.add(next);
            }
            outside.sort(java.util.Comparator.comparingLong(StoredEvent::globalIndex));
        }
        walked = true;
    }

    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * A scan in key order as a series of short keyset-paged queries: no long-running cursor, which H2 may invalidate
     * when it compacts its file under a concurrent writer, and no transaction held open on PostgreSQL.
     */
    private static final class PagedScan<T> {
        private final PreparedStatement query;
        private final RowReader<T> reader;
        private final java.util.function.ToLongFunction<T> key;
        private final java.util.ArrayDeque<T> page = new java.util.ArrayDeque<>();
        private long after = Long.MIN_VALUE;
        private boolean exhausted;

        PagedScan(Connection connection, String sql, RowReader<T> reader, java.util.function.ToLongFunction<T> key)
                throws SQLException {
            this.query = connection.prepareStatement(sql + " LIMIT " + PAGE_SIZE);
            this.reader = reader;
            this.key = key;
        }

        T next() throws SQLException {
            if (page.isEmpty() && !exhausted) {
                query.setLong(1, after);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        page.add(reader.read(rows));
                    }
                }
                exhausted = page.size() < PAGE_SIZE;
                if (!page.isEmpty()) {
                    after = key.applyAsLong(page.peekLast());
                }
            }
            return page.poll();
        }
    }

    @Override
    public void forEachEventOutsideTheTree(GlobalIndexVisitor visitor) throws Exception {
        requireWalked();
        for (StoredEvent event : outside) {
            visitor.visit(event.globalIndex());
        }
    }

    public interface EventVisitor {
        void visit(StoredEvent event) throws Exception;
    }

    /** The full rows of the stored events no leaf names (for an export), ascending; after {@link #forEachLeaf}. */
    public void forEachEventRowOutsideTheTree(EventVisitor visitor) throws Exception {
        requireWalked();
        for (StoredEvent event : outside) {
            visitor.visit(event);
        }
    }

    private void requireWalked() {
        if (!walked) {
            throw new IllegalStateException("walk the leaves first");
        }
    }

    @Override
    public List<SignedCheckpoint> checkpoints() throws Exception {
        try (Connection connection = exchange.open()) {
            return AuditTables.allCheckpoints(connection);
        }
    }
}
