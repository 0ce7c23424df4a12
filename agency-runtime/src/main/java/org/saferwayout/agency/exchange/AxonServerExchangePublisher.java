package org.saferwayout.agency.exchange;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.saferwayout.events.IntegrationEvent;

import java.time.Clock;

/**
 * Publishes to an Axon Server exchange. Axon Server does not reject a repeated event identifier, so a
 * re-published fact may be stored twice; every exchange handler is idempotent on the event's business
 * key, which is what keeps recipients exactly-once here.
 */
public final class AxonServerExchangePublisher implements ExchangePublisher {

    private final EventStore exchangeStore;
    private final Clock clock = Clock.systemUTC();

    public AxonServerExchangePublisher(EventStore exchangeStore) {
        this.exchangeStore = exchangeStore;
    }

    @Override
    public void publish(IntegrationEvent event) {
        // Inside a unit of work the append runs at prepare-commit, before the private transaction commits.
        exchangeStore.publish(ExchangeMessages.toMessage(event, clock));
    }
}
