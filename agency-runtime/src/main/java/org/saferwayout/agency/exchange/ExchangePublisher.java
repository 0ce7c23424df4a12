package org.saferwayout.agency.exchange;

import org.saferwayout.events.IntegrationEvent;

/**
 * The one way an agency puts something on the network exchange. Only {@code shared-events} types can be
 * published, so nothing private (and nothing investigative) can cross by accident.
 */
public interface ExchangePublisher {

    /**
     * Appends the event to the exchange and returns once it is durable there. Publishing the same
     * {@link IntegrationEvent#eventId()} again is harmless: at-least-once delivery from the private store
     * means a handler may publish a fact twice (AXON-NOTES, trap 4).
     */
    void publish(IntegrationEvent event);
}
