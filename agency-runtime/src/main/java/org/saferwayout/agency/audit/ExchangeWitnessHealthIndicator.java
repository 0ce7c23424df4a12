package org.saferwayout.agency.audit;

import org.saferwayout.exchange.audit.CheckpointWitness;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * DOWN while the exchange's log contradicts what this agency witnessed. Not part of readiness: tampering is for
 * people to investigate, and taking the agency off the network would not undo it.
 */
class ExchangeWitnessHealthIndicator extends AbstractHealthIndicator {

    private final ExchangeWitness witness;

    ExchangeWitnessHealthIndicator(ExchangeWitness witness) {
        this.witness = witness;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        CheckpointWitness.Outcome outcome = witness.lastOutcome();
        if (outcome instanceof CheckpointWitness.Inconsistent inconsistent) {
            builder.down().withDetail("witnessedTreeSize", inconsistent.witnessedTreeSize())
                    .withDetail("checkpointTreeSize", inconsistent.checkpointTreeSize())
                    .withDetail("reason", inconsistent.reason());
        } else if (outcome instanceof CheckpointWitness.Witnessed witnessed) {
            builder.up().withDetail("treeSize", witnessed.treeSize()).withDetail("lastRoundAt", witness.lastRoundAt());
        } else {
            builder.up().withDetail("treeSize", "no round yet");
        }
    }
}
