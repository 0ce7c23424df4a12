package org.saferwayout.agency.supportcase.model;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.supportcase.api.EmergencyDisclosure;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.OpenSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RecordReferralAcceptanceCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RequestReferralCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralAcceptanceRecordedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A survivor support case, owned by the agency that opened it, and the referrals it sent. The survivor is
 * known here only by pseudonym.
 */
@Aggregate
public class SupportCase {

    /** Emergency disclosures are for imminent risk: they end within three days. */
    static final java.time.Duration MAXIMUM_EMERGENCY_DISCLOSURE = java.time.Duration.ofHours(72);

    @AggregateIdentifier
    private String caseId;
    private SurvivorRef survivorRef;
    private AgencyId owningAgency;
    private final Map<String, OutgoingReferral> referrals = new HashMap<>();

    protected SupportCase() {
        // for Axon
    }

    @CommandHandler
    public SupportCase(OpenSupportCaseCommand command) {
        apply(new SupportCaseOpenedEvent(command.caseId(), command.survivorRef(), command.agency(),
                command.openedBy(), command.openedAt()));
    }

    @CommandHandler
    public void handle(RequestReferralCommand command) {
        if (command.recipientAgency() == owningAgency) {
            throw new DomainRuleViolation("referral-to-own-agency", "A case cannot be referred to its own agency.");
        }
        if (referrals.containsKey(command.referralId())) {
            throw new DomainRuleViolation("referral-exists", "This referral was already requested.");
        }
        EmergencyDisclosure emergency = command.emergencyDisclosure();
        if (emergency != null) {
            requireMinimalEmergencyDisclosure(emergency, command);
        }
        apply(new ReferralRequestedEvent(caseId, command.referralId(), survivorRef, owningAgency,
                command.recipientAgency(), command.service(), command.urgency(), command.requestedBy(),
                command.requestedAt(), command.personalData(), emergency));
    }

    private static void requireMinimalEmergencyDisclosure(EmergencyDisclosure emergency, RequestReferralCommand command) {
        if (emergency.justification() == null || emergency.justification().isBlank()) {
            throw new DomainRuleViolation("emergency-justification-required",
                    "An emergency disclosure needs a written justification.");
        }
        if (emergency.categories() == null || emergency.categories().isEmpty() || command.personalData() == null
                || !command.personalData().categories().containsAll(emergency.categories())) {
            throw new DomainRuleViolation("emergency-categories-invalid",
                    "An emergency disclosure names the categories it releases, all of them present in the referral.");
        }
        if (emergency.validUntil() == null || !emergency.validUntil().isAfter(command.requestedAt())
                || emergency.validUntil().isAfter(command.requestedAt().plus(MAXIMUM_EMERGENCY_DISCLOSURE))) {
            throw new DomainRuleViolation("emergency-period-invalid",
                    "An emergency disclosure is time-limited: it ends within 72 hours.");
        }
    }

    @CommandHandler
    public void handle(RecordReferralAcceptanceCommand command) {
        OutgoingReferral referral = referrals.get(command.referralId());
        if (referral == null || referral.recipientAgency() != command.acceptingAgency()) {
            throw new DomainRuleViolation("unknown-referral", "This case sent no such referral to that agency.");
        }
        if (referral.accepted()) {
            return; // the exchange delivers at least once: a repeated acceptance is already recorded
        }
        apply(new ReferralAcceptanceRecordedEvent(caseId, command.referralId(), command.acceptingAgency(),
                command.acceptedAt()));
    }

    @EventSourcingHandler
    void on(SupportCaseOpenedEvent event) {
        caseId = event.caseId();
        survivorRef = event.survivorRef();
        owningAgency = event.agency();
    }

    @EventSourcingHandler
    void on(ReferralRequestedEvent event) {
        referrals.put(event.referralId(), new OutgoingReferral(event.recipientAgency(), false));
    }

    @EventSourcingHandler
    void on(ReferralAcceptanceRecordedEvent event) {
        referrals.computeIfPresent(event.referralId(), (id, referral) -> referral.accept());
    }

    private record OutgoingReferral(AgencyId recipientAgency, boolean accepted) {
        OutgoingReferral accept() {
            return new OutgoingReferral(recipientAgency, true);
        }
    }
}
