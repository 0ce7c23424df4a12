package org.saferwayout.exchange.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/** The live exchange database, read with plain JDBC (H2 or PostgreSQL), streaming. */
public final class JdbcAuditSource implements AuditSource {

    private static final int FETCH_SIZE = 5000;

    private final ConnectionSource exchange;

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
        try (Connection connection = exchange.open()) {
            connection.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
            connection.setReadOnly(true);
            String columns = "e." + StoredEvent.COLUMNS.replace(", ", ", e.");
            try (PreparedStatement query = connection.prepareStatement("SELECT l.leaf_index, l.global_index, l.leaf_hash, "
                    + columns + " FROM " + AuditTables.LEAF_TABLE + " l LEFT JOIN " + StoredEvent.TABLE
                    + " e ON e.globalindex = l.global_index ORDER BY l.leaf_index")) {
                query.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        long leafIndex = rows.getLong(1);
                        long globalIndex = rows.getLong(2);
                        byte[] recorded = rows.getBytes(3);
                        rows.getLong(4);
                        StoredEvent event = rows.wasNull() ? null : StoredEvent.read(rows, 4);
                        visitor.visit(new Leaf(leafIndex, globalIndex, recorded, event));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }

    @Override
    public void forEachEventOutsideTheTree(GlobalIndexVisitor visitor) throws Exception {
        try (Connection connection = exchange.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement("SELECT e.globalindex FROM " + StoredEvent.TABLE
                    + " e WHERE NOT EXISTS (SELECT 1 FROM " + AuditTables.LEAF_TABLE
                    + " l WHERE l.global_index = e.globalindex) ORDER BY e.globalindex")) {
                query.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        visitor.visit(rows.getLong(1));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }

    public interface EventVisitor {
        void visit(StoredEvent event) throws Exception;
    }

    /** The full rows of the stored events no leaf names (for an export), ascending by global index. */
    public void forEachEventRowOutsideTheTree(EventVisitor visitor) throws Exception {
        try (Connection connection = exchange.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement query = connection.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM "
                    + StoredEvent.TABLE + " e WHERE NOT EXISTS (SELECT 1 FROM " + AuditTables.LEAF_TABLE
                    + " l WHERE l.global_index = e.globalindex) ORDER BY e.globalindex")) {
                query.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        visitor.visit(StoredEvent.read(rows, 1));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }

    @Override
    public List<SignedCheckpoint> checkpoints() throws Exception {
        try (Connection connection = exchange.open()) {
            return AuditTables.allCheckpoints(connection);
        }
    }
}
