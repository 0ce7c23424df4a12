package org.saferwayout.agency.referral.application;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.saferwayout.agency.consent.application.ConsentGate;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.supportcase.api.EmergencyDisclosure;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.agency.consent.application.ConsentGate.SharingDecision;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralAcceptedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ReferralAccepted;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.SharingDecisionRecorded;
import org.springframework.stereotype.Component;

import static org.saferwayout.agency.exchange.StableEventIds.forPrivateEvent;

/**
 * Turns this agency's private referral events into the integration events the other party needs. This is
 * the only place referral facts leave the agency, only {@code shared-events} types can, and a survivor's
 * personal data leaves only through the {@link ConsentGate}, whose decision is recorded every time.
 */
@Component
@ProcessingGroup(ReferralExchangePublisher.PROCESSING_GROUP)
class ReferralExchangePublisher {

    static final String PROCESSING_GROUP = "exchange-publisher";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReferralExchangePublisher.class);

    private final ExchangePublisher exchange;
    private final ConsentGate consentGate;
    private final ConsentRegistry consentRegistry;

    ReferralExchangePublisher(ExchangePublisher exchange, ConsentGate consentGate, ConsentRegistry consentRegistry) {
        this.exchange = exchange;
        this.consentGate = consentGate;
        this.consentRegistry = consentRegistry;
    }

    @EventHandler
    void on(ReferralRequestedEvent event, @MessageIdentifier String eventIdentifier) {
        ConsentPurpose purpose = ConsentPurpose.servedBy(event.service());
        if (event.emergencyDisclosure() != null) {
            EmergencyDisclosure emergency = event.emergencyDisclosure();
            EmergencyDisclosureMade disclosure = new EmergencyDisclosureMade(
                    forPrivateEvent(eventIdentifier + "/emergency-disclosure"), event.referralId(), event.referralId(),
                    event.survivorRef(), event.requestingAgency(), event.recipientAgency(), purpose,
                    emergency.categories(), event.requestedAt(), emergency.validUntil(), emergency.approvedBy());
            // Registered before the gate decides, so the gate's one check sees it like a consent.
            consentRegistry.apply(disclosure);
            exchange.publish(disclosure);
            log.warn("Emergency disclosure for referral {} to {} approved by {}", event.referralId(),
                    event.recipientAgency().code(), emergency.approvedBy());
        }
        // Gated when published, not when requested: a consent withdrawn in between is respected.
        SharingDecision decision = consentGate.decide(event.survivorRef(), event.recipientAgency(), purpose,
                event.personalData(), event.requestedAt());
        exchange.publish(new SharingDecisionRecorded(forPrivateEvent(eventIdentifier + "/sharing-decision"),
                event.referralId(), event.survivorRef(), event.requestingAgency(), event.recipientAgency(), purpose,
                decision.releasedCategories(), decision.withheldCategories(), decision.consentId(), decision.reason(),
                event.requestedBy(), event.requestedAt()));
        exchange.publish(new ReferralRequested(forPrivateEvent(eventIdentifier), event.referralId(), event.caseId(),
                event.survivorRef(), event.requestingAgency(), event.recipientAgency(), event.service(),
                event.urgency(), event.requestedAt(), decision.released().isEmpty() ? null : decision.released(), null));
    }

    @EventHandler
    void on(ReferralAcceptedEvent event, @MessageIdentifier String eventIdentifier) {
        exchange.publish(new ReferralAccepted(forPrivateEvent(eventIdentifier), event.referralId(),
                event.requesterCaseRef(), event.survivorRef(), event.recipientAgency(), event.requestingAgency(),
                event.acceptedAt()));
    }
}
