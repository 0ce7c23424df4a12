package org.saferwayout.exchange.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A witness of the exchange's log: fetches the checkpoints signed since the last one it kept, checks each one's
 * signature and operator key and a consistency proof from the last kept checkpoint (built from the exchange's
 * own stored hashes, which need not be trusted), and keeps each accepted one in its own ledger. It never moves
 * past an inconsistent checkpoint, so the evidence stays until someone looks.
 *
 * <p>Trust: the operator key is the configured one if any, else the key of the first checkpoint ever witnessed,
 * pinned in the ledger (trust on first use).
 */
public final class CheckpointWitness {

    /** Where the witness keeps what it accepted: its own database, out of the exchange administrators' reach. */
    public interface Ledger {
        Optional<SignedCheckpoint> latest();

        void record(SignedCheckpoint checkpoint, long witnessedAt);
    }

    public sealed interface Outcome permits Witnessed, Inconsistent {
    }

    /** {@code accepted} new checkpoints kept; the latest kept is at {@code treeSize}. */
    public record Witnessed(int accepted, long treeSize) implements Outcome {
    }

    /** The exchange's log contradicts what this witness kept: tampering, or a broken operator. */
    public record Inconsistent(long witnessedTreeSize, long checkpointTreeSize, String reason) implements Outcome {
    }

    private final ConnectionSource exchange;
    private final Ledger ledger;
    private final byte[] configuredOperatorKey;
    private final Clock clock;
    private final int maxPerRound;

    public CheckpointWitness(ConnectionSource exchange, Ledger ledger, byte[] configuredOperatorKey, Clock clock,
                             int maxPerRound) {
        this.exchange = exchange;
        this.ledger = ledger;
        this.configuredOperatorKey = configuredOperatorKey;
        this.clock = clock;
        this.maxPerRound = maxPerRound;
    }

    public Outcome witnessNewCheckpoints() throws SQLException {
        try (Connection connection = exchange.open()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return witness(connection);
            } finally {
                connection.rollback();
            }
        }
    }

    private Outcome witness(Connection connection) throws SQLException {
        if (!AuditTables.exist(connection)) {
            return new Witnessed(0, 0);
        }
        Optional<SignedCheckpoint> last = ledger.latest();
        long size = last.map(SignedCheckpoint::treeSize).orElse(0L);
        byte[] root = last.map(SignedCheckpoint::rootHash).orElse(MerkleHashes.emptyRoot());
        byte[] operatorKey = configuredOperatorKey != null ? configuredOperatorKey
                : last.map(SignedCheckpoint::operatorKey).orElse(null);
        SubtreeHashes stored = AuditTables.subtreeHashes(connection);
        if (size > 0) {
            // Even with no new checkpoint: the tree the exchange holds now must still have the root we witnessed.
            byte[] storedRoot;
            try {
                storedRoot = MerkleProofs.root(size, stored);
            } catch (AuditTables.MissingSubtreeException gone) {
                return new Inconsistent(size, size, "the exchange's tree lacks hashes of the witnessed tree (" + gone.getMessage() + ")");
            }
            if (!Arrays.equals(storedRoot, root)) {
                return new Inconsistent(size, size, "the exchange's tree of size " + size + " has root "
                        + MerkleHashes.hex(storedRoot) + ", this witness kept " + MerkleHashes.hex(root));
            }
        }
        List<SignedCheckpoint> fresh = AuditTables.checkpoints(connection, size, maxPerRound);
        int accepted = 0;
        for (SignedCheckpoint checkpoint : fresh) {
            if (operatorKey != null && !checkpoint.signedBy(operatorKey)) {
                return new Inconsistent(size, checkpoint.treeSize(), "signed by key "
                        + SignedCheckpoint.keyId(checkpoint.operatorKey()) + ", not the operator's "
                        + SignedCheckpoint.keyId(operatorKey));
            }
            if (!checkpoint.signatureValid()) {
                return new Inconsistent(size, checkpoint.treeSize(), "its signature does not verify");
            }
            if (size > 0) {
                List<byte[]> proof;
                try {
                    proof = MerkleProofs.consistencyProof(size, checkpoint.treeSize(), stored);
                } catch (AuditTables.MissingSubtreeException gone) {
                    return new Inconsistent(size, checkpoint.treeSize(), "no consistency proof: " + gone.getMessage());
                }
                if (!MerkleProofs.verifyConsistency(size, checkpoint.treeSize(), root, checkpoint.rootHash(), proof)) {
                    return new Inconsistent(size, checkpoint.treeSize(), "the consistency proof from tree size " + size
                            + " does not verify: the history this witness kept was rewritten");
                }
            }
            ledger.record(checkpoint, clock.millis());
            operatorKey = checkpoint.operatorKey();
            size = checkpoint.treeSize();
            root = checkpoint.rootHash();
            accepted++;
        }
        return new Witnessed(accepted, size);
    }
}
