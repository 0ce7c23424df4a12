package org.saferwayout.agency.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.saferwayout.exchange.audit.CheckpointWitness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This agency witnesses the exchange's log: every {@code swo.audit.witness-interval} it fetches the new signed
 * checkpoints, checks them against the last one it kept (signature, operator key, consistency proof) and keeps
 * them in its own database. A contradiction is logged as an ERROR, counted
 * ({@code swo.audit.witness.inconsistencies}) and turns the {@code exchangeWitness} health DOWN; it is never
 * accepted, so every later round finds it again until the history is restored or an auditor acts.
 */
public class ExchangeWitness {

    private static final Logger log = LoggerFactory.getLogger(ExchangeWitness.class);

    private final CheckpointWitness witness;
    private final Counter inconsistencies;
    private final AtomicReference<CheckpointWitness.Outcome> lastOutcome = new AtomicReference<>();
    private final Clock clock;
    private volatile long lastRoundAt;

    public ExchangeWitness(CheckpointWitness witness, MeterRegistry meters, Clock clock) {
        this.witness = witness;
        this.clock = clock;
        this.inconsistencies = Counter.builder("swo.audit.witness.inconsistencies")
                .description("Rounds in which the exchange's log contradicted a checkpoint this agency witnessed")
                .register(meters);
        meters.gauge("swo.audit.witness.tree.size", lastOutcome,
                outcome -> outcome.get() instanceof CheckpointWitness.Witnessed w ? w.treeSize() : -1);
    }

    @Scheduled(fixedDelayString = "${swo.audit.witness-interval:PT10S}", initialDelayString = "${swo.audit.witness-interval:PT10S}")
    public void scheduledRound() {
        try {
            witnessNewCheckpoints();
        } catch (SQLException | RuntimeException unreachable) {
            // The exchange being down is the exchange health's concern; the next round tries again.
            log.debug("Exchange witness round skipped: {}", unreachable.getClass().getSimpleName());
        }
    }

    /** One round, now. */
    public CheckpointWitness.Outcome witnessNewCheckpoints() throws SQLException {
        CheckpointWitness.Outcome outcome = witness.witnessNewCheckpoints();
        lastOutcome.set(outcome);
        lastRoundAt = clock.millis();
        if (outcome instanceof CheckpointWitness.Inconsistent inconsistent) {
            inconsistencies.increment();
            log.error("Exchange witness: the exchange's log contradicts the checkpoint this agency witnessed at tree size {}"
                    + " (checkpoint at tree size {}): {}", inconsistent.witnessedTreeSize(),
                    inconsistent.checkpointTreeSize(), inconsistent.reason());
        }
        return outcome;
    }

    public CheckpointWitness.Outcome lastOutcome() {
        return lastOutcome.get();
    }

    long lastRoundAt() {
        return lastRoundAt;
    }
}
