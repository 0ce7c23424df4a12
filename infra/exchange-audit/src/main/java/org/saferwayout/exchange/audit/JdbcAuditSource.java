package org.saferwayout.exchange.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live exchange database, read with plain JDBC (H2 or PostgreSQL), streaming. The leaf table and the events are
 * read as two scans in primary-key order and merged: leaf order follows global order except for events that
 * committed late (ADR 011), which wait in memory until their leaf comes. A join would make the database sort.
 */
public final class JdbcAuditSource implements AuditSource {

    private static final int FETCH_SIZE = 5000;

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
        try (Connection leafConnection = streaming(exchange.open());
             Connection eventConnection = streaming(exchange.open());
             PreparedStatement leafQuery = leafConnection.prepareStatement("SELECT leaf_index, global_index, leaf_hash FROM "
                     + AuditTables.LEAF_TABLE + " ORDER BY leaf_index");
             PreparedStatement eventQuery = eventConnection.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM "
                     + StoredEvent.TABLE + " ORDER BY globalindex")) {
            leafQuery.setFetchSize(FETCH_SIZE);
            eventQuery.setFetchSize(FETCH_SIZE);
            try (ResultSet leaves = leafQuery.executeQuery(); ResultSet events = eventQuery.executeQuery()) {
                Map<Long, StoredEvent> aheadOfTheirLeaf = new HashMap<>();
                StoredEvent next = events.next() ? StoredEvent.read(events, 1) : null;
                while (leaves.next()) {
                    long globalIndex = leaves.getLong(2);
                    StoredEvent event = aheadOfTheirLeaf.remove(globalIndex);
                    if (event == null) {
                        while (next != null && next.globalIndex() < globalIndex) {
                            aheadOfTheirLeaf.put(next.globalIndex(), next);
                            next = events.next() ? StoredEvent.read(events, 1) : null;
                        }
                        if (next != null && next.globalIndex() == globalIndex) {
                            event = next;
                            next = events.next() ? StoredEvent.read(events, 1) : null;
                        }
                    }
                    visitor.visit(new Leaf(leaves.getLong(1), globalIndex, leaves.getBytes(3), event));
                }
                outside.addAll(aheadOfTheirLeaf.values());
                while (next != null) {
                    outside.add(next);
                    next = events.next() ? StoredEvent.read(events, 1) : null;
                }
                outside.sort(java.util.Comparator.comparingLong(StoredEvent::globalIndex));
            } finally {
                leafConnection.rollback();
                eventConnection.rollback();
            }
        }
        walked = true;
    }

    /** PostgreSQL streams a result set only inside a transaction; H2 only with lazy execution. */
    private static Connection streaming(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LAZY_QUERY_EXECUTION TRUE");
            }
        }
        return connection;
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
