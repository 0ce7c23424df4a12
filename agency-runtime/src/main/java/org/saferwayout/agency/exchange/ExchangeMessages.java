package org.saferwayout.agency.exchange;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.saferwayout.events.IntegrationEvent;

import java.time.Clock;
import java.util.Map;

/** Shapes integration events as exchange messages: the event id is the message id, routing in metadata. */
public final class ExchangeMessages {

    public static final String SOURCE_AGENCY = "sourceAgency";
    public static final String RECIPIENT_AGENCY = "recipientAgency";

    private ExchangeMessages() {
    }

    public static EventMessage<IntegrationEvent> toMessage(IntegrationEvent event, Clock clock) {
        MetaData routing = MetaData.from(Map.of(
                SOURCE_AGENCY, event.sourceAgency().code(),
                RECIPIENT_AGENCY, event.recipientAgency().code()));
        return new GenericEventMessage<>(event.eventId().toString(), event, routing, clock.instant());
    }
}
