package org.saferwayout.agency.audit;

import org.saferwayout.exchange.audit.CheckpointWitness;
import org.saferwayout.exchange.audit.SignedCheckpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

/**
 * The checkpoints this agency witnessed, in its own private database: out of reach of whoever administers the
 * exchange, which is the point of witnessing. Rows are only ever inserted.
 */
public class WitnessLedger implements CheckpointWitness.Ledger {

    static final String TABLE = "witnessed_checkpoint";

    /** One kept checkpoint, as the auditor CLI reads it (byte arrays as base64). */
    public record Kept(long treeSize, byte[] rootHash, long signedAt, byte[] operatorKey, byte[] signature,
                       String witness, long witnessedAt) {
    }

    private static final String COLUMNS = "tree_size, root_hash, signed_at, operator_key, signature, witnessed_at";

    private final JdbcTemplate jdbc;
    private final String witness;

    public WitnessLedger(DataSource privateDatabase, String witness) {
        this.jdbc = new JdbcTemplate(privateDatabase);
        this.witness = witness;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (tree_size BIGINT NOT NULL PRIMARY KEY,"
                + " root_hash BYTEA NOT NULL, signed_at BIGINT NOT NULL, operator_key BYTEA NOT NULL,"
                + " signature BYTEA NOT NULL, witnessed_at BIGINT NOT NULL)");
    }

    @Override
    public Optional<SignedCheckpoint> latest() {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY tree_size DESC LIMIT 1", keptRow()).stream()
                .findFirst()
                .map(kept -> new SignedCheckpoint(kept.treeSize(), kept.rootHash(), kept.signedAt(), kept.operatorKey(),
                        kept.signature()));
    }

    @Override
    public void record(SignedCheckpoint checkpoint, long witnessedAt) {
        jdbc.update("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", checkpoint.treeSize(),
                checkpoint.rootHash(), checkpoint.signedAt(), checkpoint.operatorKey(), checkpoint.signature(), witnessedAt);
    }

    public List<Kept> after(long treeSize, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE tree_size > ? ORDER BY tree_size LIMIT ?",
                keptRow(), treeSize, limit);
    }

    private RowMapper<Kept> keptRow() {
        return (row, n) -> new Kept(row.getLong(1), row.getBytes(2), row.getLong(3), row.getBytes(4), row.getBytes(5),
                witness, row.getLong(6));
    }
}
