package org.saferwayout.agency.consent.application;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentExpiredEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentRecordedEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentSupersededEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentWithdrawnEvent;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.events.ConsentEvent;
import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentSuperseded;
import org.saferwayout.events.ConsentWithdrawn;
import org.springframework.stereotype.Component;

import static org.saferwayout.agency.exchange.StableEventIds.forPrivateEvent;

/**
 * Publishes this agency's consent changes to the exchange. It runs in the same processing group as the
 * referral publisher, so a referral requested after a consent change is gated with that change already in
 * the registry: a withdrawal takes effect for every later share at once.
 */
@Component
@ProcessingGroup("exchange-publisher")
class ConsentExchangePublisher {

    private final ExchangePublisher exchange;
    private final ConsentRegistry registry;

    ConsentExchangePublisher(ExchangePublisher exchange, ConsentRegistry registry) {
        this.exchange = exchange;
        this.registry = registry;
    }

    @EventHandler
    void on(ConsentRecordedEvent event, @MessageIdentifier String eventIdentifier) {
        publish(new ConsentGiven(forPrivateEvent(eventIdentifier), event.consentId(), event.survivorRef(),
                event.recordingAgency(), event.granteeAgency(), event.purposes(), event.categories(),
                event.validFrom(), event.validUntil(), event.method(), event.language(), event.recordedBy(),
                event.supersedes(), event.recordedAt()));
    }

    @EventHandler
    void on(ConsentWithdrawnEvent event, @MessageIdentifier String eventIdentifier) {
        publish(new ConsentWithdrawn(forPrivateEvent(eventIdentifier), event.consentId(), event.survivorRef(),
                event.recordingAgency(), event.granteeAgency(), event.recordedBy(), event.withdrawnAt()));
    }

    @EventHandler
    void on(ConsentExpiredEvent event, @MessageIdentifier String eventIdentifier) {
        publish(new ConsentExpired(forPrivateEvent(eventIdentifier), event.consentId(), event.survivorRef(),
                event.recordingAgency(), event.granteeAgency(), event.expiredAt()));
    }

    @EventHandler
    void on(ConsentSupersededEvent event, @MessageIdentifier String eventIdentifier) {
        publish(new ConsentSuperseded(forPrivateEvent(eventIdentifier), event.consentId(), event.survivorRef(),
                event.recordingAgency(), event.granteeAgency(), event.supersededBy(), event.supersededAt()));
    }

    private void publish(ConsentEvent event) {
        registry.apply(event);
        exchange.publish(event);
    }
}
