package org.saferwayout.agency.referral.application;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralAcceptedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.events.ReferralAccepted;
import org.saferwayout.events.ReferralRequested;
import org.springframework.stereotype.Component;

import static org.saferwayout.agency.exchange.StableEventIds.forPrivateEvent;

/**
 * Turns this agency's private referral events into the integration events the other party needs. This is
 * the only place referral facts leave the agency, and only {@code shared-events} types can.
 */
@Component
@ProcessingGroup(ReferralExchangePublisher.PROCESSING_GROUP)
class ReferralExchangePublisher {

    static final String PROCESSING_GROUP = "exchange-publisher";

    private final ExchangePublisher exchange;

    ReferralExchangePublisher(ExchangePublisher exchange) {
        this.exchange = exchange;
    }

    @EventHandler
    void on(ReferralRequestedEvent event, @MessageIdentifier String eventIdentifier) {
        exchange.publish(new ReferralRequested(forPrivateEvent(eventIdentifier), event.referralId(), event.caseId(),
                event.survivorRef(), event.requestingAgency(), event.recipientAgency(), event.service(),
                event.urgency(), event.requestedAt()));
    }

    @EventHandler
    void on(ReferralAcceptedEvent event, @MessageIdentifier String eventIdentifier) {
        exchange.publish(new ReferralAccepted(forPrivateEvent(eventIdentifier), event.referralId(),
                event.requesterCaseRef(), event.survivorRef(), event.recipientAgency(), event.requestingAgency(),
                event.acceptedAt()));
    }
}
