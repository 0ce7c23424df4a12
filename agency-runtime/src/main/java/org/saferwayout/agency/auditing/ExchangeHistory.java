package org.saferwayout.agency.auditing;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.saferwayout.events.IntegrationEvent;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The exchange's history, replayed from its first event, for auditors. Read through the exchange's own event
 * store (so it works on JDBC and on Axon Server alike) with this agency's keys: personal data addressed to this
 * agency opens in memory, and {@link AuditorView} never lets it out. Every query replays the whole exchange: fine
 * for an audit at today's size; a projection is the step when it grows.
 */
@Component
class ExchangeHistory {

    private final EventStore exchange;

    ExchangeHistory(@Qualifier("exchangeStore") EventStore exchange) {
        this.exchange = exchange;
    }

    /** One stored integration event: its position in the exchange's order, when it was stored, and the event. */
    record Entry(long position, Instant storedAt, String type, IntegrationEvent event) {

        /** A stored event that does not read as its type (a poison event): listed, never interpreted. */
        boolean unreadable() {
            return event == null;
        }
    }

    /** Every event up to now that {@code matching} accepts, in the exchange's order. */
    List<Entry> replay(Predicate<Entry> matching) {
        List<Entry> entries = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = exchange.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                long position = message.trackingToken().position().orElse(-1);
                Entry entry;
                try {
                    if (!(message.getPayload() instanceof IntegrationEvent event)) {
                        continue;
                    }
                    entry = new Entry(position, message.getTimestamp(), event.getClass().getSimpleName(), event);
                } catch (RuntimeException unreadable) {
                    entry = new Entry(position, message.getTimestamp(), message.getPayloadType().getSimpleName(), null);
                }
                if (matching.test(entry)) {
                    entries.add(entry);
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay of the exchange interrupted", interrupted);
        }
        return entries;
    }
}
