package org.saferwayout.agency.exchange;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.saferwayout.agency.domain.SurvivorScoped;
import org.saferwayout.events.IntegrationEvent;
import org.springframework.stereotype.Component;

/**
 * One survivor's events are handled in the order they were stored (different survivors run in parallel, one
 * per segment): the publisher gates a referral only after the consents recorded before it, the intake
 * receives a referral after the consent that covers it and purges after the data a withdrawal ends. Set as
 * the {@code sequencing-policy} of the exchange publisher and the exchange intake.
 */
@Component("survivorSequencing")
public class SurvivorSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload;
        try {
            payload = event.getPayload();
        } catch (RuntimeException unreadable) {
            // A poison event: its handler fails the same way and it is quarantined (UnreadableEventQuarantine).
            return event.getIdentifier();
        }
        if (payload instanceof IntegrationEvent integrationEvent && integrationEvent.survivorRef() != null) {
            return integrationEvent.survivorRef().value();
        }
        if (payload instanceof SurvivorScoped privateEvent && privateEvent.survivorRef() != null) {
            return privateEvent.survivorRef().value();
        }
        return event.getIdentifier();
    }
}
