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
import org.saferwayout.agency.referral.api.IncomingReferralEvents.IncomingReferralStatusChangedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ServiceDeliveredRecordedEvent;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.OutgoingReferralStatusChangedEvent;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.ServiceDelivered;
import org.saferwayout.events.ServiceDeliveryCounted;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.events.ConsentPurpose;
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
                event.urgency(), event.requestedAt(), decision.released().isEmpty() ? null : decision.released(),
                event.directoryServiceId()));
    }

    /** The requester's own transitions (cancel, expiry) go to the recipient; the recipient's answers are not echoed. */
    @EventHandler
    void on(OutgoingReferralStatusChangedEvent event, @MessageIdentifier String eventIdentifier) {
        if (event.changedBySide() != ReferralSide.REQUESTER) {
            return;
        }
        exchange.publish(new ReferralStatusChanged(forPrivateEvent(eventIdentifier), event.referralId(), event.caseId(),
                event.survivorRef(), event.requestingAgency(), event.recipientAgency(), event.status(), event.reason(),
                event.changedAt()));
    }

    /** The recipient's own transitions go back to the requester; the requester's are not echoed. */
    @EventHandler
    void on(IncomingReferralStatusChangedEvent event, @MessageIdentifier String eventIdentifier) {
        if (event.changedBySide() != ReferralSide.RECIPIENT) {
            return;
        }
        exchange.publish(new ReferralStatusChanged(forPrivateEvent(eventIdentifier), event.referralId(),
                event.requesterCaseRef(), event.survivorRef(), event.recipientAgency(), event.requestingAgency(),
                event.status(), event.reason(), event.changedAt()));
    }

    /**
     * A delivered service is counted, de-identified, for REACH's outcome report; it goes back to the
     * requester only while the survivor's consent for this (the providing) agency covers service outcomes
     * for the referral's purpose, and the decision is recorded either way.
     */
    @EventHandler
    void on(ServiceDeliveredRecordedEvent event, @MessageIdentifier String eventIdentifier) {
        exchange.publish(new ServiceDeliveryCounted(forPrivateEvent(eventIdentifier + "/counted"), event.recipientAgency(),
                AgencyId.REACH, event.survivorRef(), event.service(), event.city(), event.deliveredOn()));
        ConsentPurpose purpose = ConsentPurpose.servedBy(event.service());
        PersonalData outcome = event.outcome() == null ? PersonalData.NONE : event.outcome();
        SharingDecision decision = consentGate.decide(event.survivorRef(), event.recipientAgency(), purpose,
                outcome, event.recordedAt());
        exchange.publish(new SharingDecisionRecorded(forPrivateEvent(eventIdentifier + "/sharing-decision"),
                event.referralId(), event.survivorRef(), event.recipientAgency(), event.requestingAgency(), purpose,
                decision.releasedCategories(), decision.withheldCategories(), decision.consentId(), decision.reason(),
                event.recordedBy(), event.recordedAt()));
        if (!decision.released().isEmpty()) {
            exchange.publish(new ServiceDelivered(forPrivateEvent(eventIdentifier), event.referralId(),
                    event.requesterCaseRef(), event.survivorRef(), event.recipientAgency(), event.requestingAgency(),
                    event.directoryServiceId(), event.service(), event.deliveredOn(), event.recordedAt(),
                    decision.released()));
        }
    }
}
