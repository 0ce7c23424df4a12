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
 * The tree's tables in the exchange database, beside Axon's {@code domainevententry}: which event each leaf is
 * ({@code exchange_merkle_leaf}, written only by the checkpointer, so leaf order is the order it appended events,
 * see ADR 013), the hashes of completed perfect subtrees for proofs ({@code exchange_merkle_node}, levels 1 and
 * up) and the signed checkpoints ({@code exchange_checkpoint}). Plain SQL for H2 in PostgreSQL mode and PostgreSQL.
 */
public final class AuditTables {

    public static final String LEAF_TABLE = "exchange_merkle_leaf";
    public static final String NODE_TABLE = "exchange_merkle_node";
    public static final String CHECKPOINT_TABLE = "exchange_checkpoint";

    private AuditTables() {
    }

    public static void createIfMissing(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + LEAF_TABLE + " (leaf_index BIGINT NOT NULL PRIMARY KEY,"
                    + " global_index BIGINT NOT NULL UNIQUE, leaf_hash BYTEA NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + NODE_TABLE + " (tree_level INT NOT NULL,"
                    + " node_index BIGINT NOT NULL, node_hash BYTEA NOT NULL, PRIMARY KEY (tree_level, node_index))");
            statement.execute("CREATE TABLE IF NOT EXISTS " + CHECKPOINT_TABLE + " (tree_size BIGINT NOT NULL PRIMARY KEY,"
                    + " root_hash BYTEA NOT NULL, signed_at BIGINT NOT NULL, operator_key BYTEA NOT NULL,"
                    + " signature BYTEA NOT NULL)");
        }
    }

    public static boolean exist(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, CHECKPOINT_TABLE, null)) {
            if (tables.next()) {
                return true;
            }
        }
        try (ResultSet tables = connection.getMetaData().getTables(null, null, CHECKPOINT_TABLE.toUpperCase(), null)) {
            return tables.next();
        }
    }

    public static long leafCount(Connection connection) throws SQLException {
        return single(connection, "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM " + LEAF_TABLE);
    }

    public static long highestGlobalIndex(Connection connection) throws SQLException {
        return single(connection, "SELECT COALESCE(MAX(global_index), 0) FROM " + LEAF_TABLE);
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * Subtree hashes read on demand from the tables, cached per instance: a proof needs O(log n) of them.
     * Level 0 is the leaf table's hashes.
     */
    public static SubtreeHashes subtreeHashes(Connection connection) {
        Map<String, byte[]> cache = new HashMap<>();
        return (level, index) -> cache.computeIfAbsent(level + "/" + index, key -> {
            String sql = level == 0
                    ? "SELECT leaf_hash FROM " + LEAF_TABLE + " WHERE leaf_index = ?"
                    : "SELECT node_hash FROM " + NODE_TABLE + " WHERE tree_level = " + level + " AND node_index = ?";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setLong(1, index);
                try (ResultSet result = query.executeQuery()) {
                    if (!result.next()) {
                        throw new MissingSubtreeException(level, index);
                    }
                    return result.getBytes(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading the exchange's Merkle tree failed", e);
            }
        });
    }

    /** The tree's tables lack a hash a proof needs: rows were deleted, or the checkpointer never wrote them. */
    public static final class MissingSubtreeException extends RuntimeException {
        public MissingSubtreeException(int level, long index) {
            super("subtree hash missing at level " + level + ", index " + index);
        }
    }

    public static List<SignedCheckpoint> checkpoints(Connection connection, long afterTreeSize, int limit)
            throws SQLException {
        List<SignedCheckpoint> checkpoints = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT tree_size, root_hash, signed_at, operator_key,"
                + " signature FROM " + CHECKPOINT_TABLE + " WHERE tree_size > ? ORDER BY tree_size LIMIT " + limit)) {
            query.setLong(1, afterTreeSize);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    checkpoints.add(new SignedCheckpoint(result.getLong(1), result.getBytes(2), result.getLong(3),
                            result.getBytes(4), result.getBytes(5)));
                }
            }
        }
        return checkpoints;
    }

    public static List<SignedCheckpoint> allCheckpoints(Connection connection) throws SQLException {
        return checkpoints(connection, -1, Integer.MAX_VALUE);
    }

    public static void insertCheckpoint(Connection connection, SignedCheckpoint checkpoint) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + CHECKPOINT_TABLE
                + " (tree_size, root_hash, signed_at, operator_key, signature) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, checkpoint.treeSize());
            insert.setBytes(2, checkpoint.rootHash());
            insert.setLong(3, checkpoint.signedAt());
            insert.setBytes(4, checkpoint.operatorKey());
            insert.setBytes(5, checkpoint.signature());
            insert.executeUpdate();
        }
    }
}
