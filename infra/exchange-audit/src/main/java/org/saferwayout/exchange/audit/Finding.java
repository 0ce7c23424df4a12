package org.saferwayout.exchange.audit;

/**
 * One thing wrong with the exchange's history, at a position: {@code leafIndex} and {@code globalIndex} are -1
 * where they do not apply. {@code position} orders findings: the first one is the first bad position.
 */
public record Finding(Kind kind, long leafIndex, long globalIndex, String detail) {

    public enum Kind {
        LEAF_MISSING("a leaf of the tree is missing"),
        EVENT_MISSING("the event a leaf names is gone (deleted)"),
        EVENT_ALTERED("the stored event differs from what was appended (a column, its payload or metadata changed)"),
        EVENT_OUTSIDE_TREE("an event sits at a position the tree had already passed (inserted)"),
        DUPLICATE_EVENT("two leaves name the same event"),
        CHECKPOINT_ROOT_MISMATCH("a signed checkpoint's root differs from the recomputed tree"),
        CHECKPOINT_SIGNATURE_INVALID("a checkpoint's signature does not verify"),
        CHECKPOINT_UNKNOWN_KEY("a checkpoint is signed by a key other than the operator's"),
        CHECKPOINT_BEYOND_TREE("a checkpoint covers leaves the tree no longer has"),
        WITNESS_MISMATCH("a witness kept a different checkpoint for this tree size (history rewritten)");

        public final String meaning;

        Kind(String meaning) {
            this.meaning = meaning;
        }
    }

    /** Where in the history: by leaf (checkpoint findings at the last leaf they cover), others after every leaf. */
    public long position() {
        return leafIndex >= 0 ? leafIndex : Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind.name());
        if (leafIndex >= 0) {
            text.append(" at leaf ").append(leafIndex);
        }
        if (globalIndex >= 0) {
            text.append(leafIndex >= 0 ? " (global index " : " at global index ").append(globalIndex)
                    .append(leafIndex >= 0 ? ")" : "");
        }
        return text.append(": ").append(detail).toString();
    }
}
