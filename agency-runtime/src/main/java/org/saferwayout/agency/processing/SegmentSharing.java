package org.saferwayout.agency.processing;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shares every streaming processor's segments between the live instances of this service (ADR 019). Axon's
 * processors claim greedily: the first instance up takes every segment and a second one would idle. So each
 * instance, every sharing interval, gives back the segments it holds beyond its fair share (segments divided by
 * live instances, rounded up); the others' processors claim them within their token-claim interval. Claims in the
 * token table stay the only lock: a wrong count of live instances changes who works, never that one works.
 */
public class SegmentSharing {

    private static final Logger log = LoggerFactory.getLogger(SegmentSharing.class);

    /** Long enough for another instance's processor (Axon's token-claim interval: 5 s) to claim a released segment. */
    static final long RELEASE_FOR_MILLIS = 15_000;

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final ProcessingInstances instances;

    public SegmentSharing(EventProcessingConfiguration processing, TokenStore tokenStore,
                          TransactionManager transactionManager, ProcessingInstances instances) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.instances = instances;
    }

    @Scheduled(fixedDelayString = "${swo.processors.sharing-interval:5s}")
    public void shareSegments() {
        try {
            instances.heartbeat();
            int alive = instances.alive();
            processing.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming) {
                    giveAwayBeyondFairShare(name, streaming, alive);
                }
            });
        } catch (RuntimeException e) {
            // The private database may be briefly unreachable; claims keep working, sharing resumes next round.
            log.warn("Segment sharing skipped this round ({})", e.getClass().getSimpleName());
        }
    }

    private void giveAwayBeyondFairShare(String name, StreamingEventProcessor processor, int alive) {
        int segments = transactionManager.fetchInTransaction(() -> tokenStore.fetchSegments(name)).length;
        int fairShare = (segments + alive - 1) / alive;
        List<Integer> held = processor.processingStatus().keySet().stream().sorted().toList();
        for (int segment : held.subList(Math.min(fairShare, held.size()), held.size())) {
            log.info("Releasing segment {} of {} to another instance ({} alive)", segment, name, alive);
            processor.releaseSegment(segment, RELEASE_FOR_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
