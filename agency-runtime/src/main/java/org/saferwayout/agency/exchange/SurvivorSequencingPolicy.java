package org.saferwayout.agency.exchange;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.saferwayout.events.IntegrationEvent;
import org.springframework.stereotype.Component;

/**
 * The exchange intake handles one survivor's events in exchange order (across segments, different
 * survivors run in parallel): a consent is in the registry before the referral it covers is received, and a
 * withdrawal purges after the data it ends. Set as the intake's {@code sequencing-policy}.
 */
@Component("survivorSequencing")
public class SurvivorSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event.getPayload() instanceof IntegrationEvent integrationEvent && integrationEvent.survivorRef() != null) {
            return integrationEvent.survivorRef().value();
        }
        return event.getIdentifier();
    }
}
