package org.saferwayout.exchange.audit;

import java.util.List;

/** What the verifier reads: a live exchange database or an exported bundle. */
public interface AuditSource {

    /** One leaf of the tree as recorded, with the exchange row it names ({@code event} null when that row is gone). */
    record Leaf(long leafIndex, long globalIndex, byte[] recordedHash, StoredEvent event) {
    }

    interface LeafVisitor {
        void visit(Leaf leaf) throws Exception;
    }

    interface GlobalIndexVisitor {
        void visit(long globalIndex) throws Exception;
    }

    /** How many leaves {@link #forEachLeaf} will visit (for progress); -1 if unknown. */
    long leafCount() throws Exception;

    /** Every leaf, in leaf order. */
    void forEachLeaf(LeafVisitor visitor) throws Exception;

    /** Global indices of stored events that no leaf names, ascending. */
    void forEachEventOutsideTheTree(GlobalIndexVisitor visitor) throws Exception;

    List<SignedCheckpoint> checkpoints() throws Exception;
}
