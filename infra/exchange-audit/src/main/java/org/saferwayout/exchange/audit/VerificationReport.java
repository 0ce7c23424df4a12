package org.saferwayout.exchange.audit;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a verification found: intact when there is no finding. {@code eventsOutsideTree} counts events newer than
 * the tree (not yet appended by the checkpointer), which is normal and no finding.
 */
public record VerificationReport(long leaves, long checkpoints, long witnessedCheckpoints, long eventsOutsideTree,
                                 String operatorKeyId, boolean operatorKeyPinned, List<Finding> findings,
                                 Duration elapsed) {

    public boolean intact() {
        return findings.isEmpty();
    }

    /** The first bad position: the finding with the lowest leaf (checkpoint findings sit at the last leaf they cover). */
    public Optional<Finding> firstBadPosition() {
        return findings.stream().min(Comparator.comparingLong(Finding::position));
    }

    public double leavesPerSecond() {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return leaves / seconds;
    }
}
