package org.saferwayout.agency.supportcase.model;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.referral.model.AcknowledgementDeadlines;
import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.agency.supportcase.api.EmergencyDisclosure;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.ActOnOutgoingReferralCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.CloseSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.OpenSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RecordRecipientStatusCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RecordSafetyPlanCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.ReopenSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RequestReferralCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.OutgoingReferralStatusChangedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralEscalatedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SafetyPlanRecordedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseClosedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseReopenedEvent;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A survivor support case, owned by the agency that opened it: its safety plan, the referrals it sent and
 * their deadlines. The survivor is known here only by pseudonym.
 */
@Aggregate
public class SupportCase {

    static final String ACKNOWLEDGEMENT_DUE = "referral-acknowledgement-due";
    static final String EXPIRY_DUE = "referral-expiry-due";

    /** Emergency disclosures are for imminent risk: they end within three days. */
    static final Duration MAXIMUM_EMERGENCY_DISCLOSURE = Duration.ofHours(72);

    /** A referral may be re-routed once nobody is, or will be, working it. */
    private static final Set<ReferralStatus> REROUTABLE = EnumSet.of(ReferralStatus.REQUESTED, ReferralStatus.RECEIVED,
            ReferralStatus.EXPIRED, ReferralStatus.DECLINED, ReferralStatus.FAILED);

    private static final Logger log = LoggerFactory.getLogger(SupportCase.class);

    @AggregateIdentifier
    private String caseId;
    private SurvivorRef survivorRef;
    private AgencyId owningAgency;
    private boolean closed;
    private int safetyPlanVersion;
    private String safetyPlanSummary;
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
    public void handle(RequestReferralCommand command, AcknowledgementDeadlines deadlines, DeadlineManager deadlineManager) {
        OutgoingReferral already = referrals.get(command.referralId());
        if (already != null) {
            if (already.recipientAgency() == command.recipientAgency() && already.service() == command.service()) {
                // The same request again (a retry after a lost answer, a second click): requested once, and stays so.
                return;
            }
            throw new DomainRuleViolation("referral-exists", "This referral was already requested, for another service.");
        }
        requireOpen();
        if (command.recipientAgency() == owningAgency) {
            throw new DomainRuleViolation("referral-to-own-agency", "A case cannot be referred to its own agency.");
        }
        PersonalData offered = withSafetyPlanSummary(command);
        EmergencyDisclosure emergency = command.emergencyDisclosure();
        if (emergency != null) {
            requireMinimalEmergencyDisclosure(emergency, command.requestedAt(), offered);
        }
        if (command.reroutesReferralId() != null) {
            reroute(command);
        }
        Instant acknowledgeBy = deadlines.acknowledgeBy(command.requestedAt(), command.urgency());
        apply(new ReferralRequestedEvent(caseId, command.referralId(), survivorRef, owningAgency,
                command.recipientAgency(), command.service(), command.directoryServiceId(), command.urgency(),
                command.requestedBy(), command.requestedAt(), acknowledgeBy, offered, emergency,
                command.reroutesReferralId()));
        deadlineManager.schedule(acknowledgeBy, ACKNOWLEDGEMENT_DUE, command.referralId());
    }

    private PersonalData withSafetyPlanSummary(RequestReferralCommand command) {
        PersonalData offered = command.personalData();
        if (!command.shareSafetyPlanSummary()) {
            return offered;
        }
        if (safetyPlanSummary == null) {
            throw new DomainRuleViolation("no-safety-plan", "This case has no safety plan to share yet.");
        }
        PersonalData base = offered == null ? PersonalData.NONE : offered;
        return new PersonalData(base.name(), base.dateOfBirth(), base.contact(), safetyPlanSummary, base.health(),
                base.legal(), base.serviceOutcome());
    }

    private void reroute(RequestReferralCommand command) {
        OutgoingReferral previous = referrals.get(command.reroutesReferralId());
        if (previous == null) {
            throw new DomainRuleViolation("unknown-referral", "This case sent no such referral.");
        }
        if (!REROUTABLE.contains(previous.status())) {
            throw new DomainRuleViolation("referral-not-reroutable",
                    "Only an unanswered, expired, declined or failed referral can be re-routed.");
        }
        if (!previous.status().isFinal()) {
            apply(new OutgoingReferralStatusChangedEvent(caseId, command.reroutesReferralId(), survivorRef, owningAgency,
                    previous.recipientAgency(), ReferralStatus.CANCELLED, ReferralStatusReason.REROUTED,
                    ReferralSide.REQUESTER, command.requestedBy(), command.requestedAt()));
        }
    }

    private static void requireMinimalEmergencyDisclosure(EmergencyDisclosure emergency, Instant requestedAt,
                                                          PersonalData offered) {
        if (emergency.justification() == null || emergency.justification().isBlank()) {
            throw new DomainRuleViolation("emergency-justification-required",
                    "An emergency disclosure needs a written justification.");
        }
        if (emergency.categories() == null || emergency.categories().isEmpty() || offered == null
                || !offered.categories().containsAll(emergency.categories())) {
            throw new DomainRuleViolation("emergency-categories-invalid",
                    "An emergency disclosure names the categories it releases, all of them present in the referral.");
        }
        if (emergency.validUntil() == null || !emergency.validUntil().isAfter(requestedAt)
                || emergency.validUntil().isAfter(requestedAt.plus(MAXIMUM_EMERGENCY_DISCLOSURE))) {
            throw new DomainRuleViolation("emergency-period-invalid",
                    "An emergency disclosure is time-limited: it ends within 72 hours.");
        }
    }

    @CommandHandler
    public void handle(ActOnOutgoingReferralCommand command) {
        OutgoingReferral referral = requireReferral(command.referralId());
        command.action().requireAllowed(ReferralSide.REQUESTER, referral.status(), command.reason());
        if (command.action() == ReferralAction.EXPIRE) {
            throw new DomainRuleViolation("referral-expiry-is-automatic",
                    "A referral expires by its acknowledgement deadline only.");
        }
        apply(new OutgoingReferralStatusChangedEvent(caseId, command.referralId(), survivorRef, owningAgency,
                referral.recipientAgency(), command.action().result(), command.reason(), ReferralSide.REQUESTER,
                command.actedBy(), command.actedAt()));
    }

    /**
     * The recipient's answer. Applied when the table allows it from what this side knows; a repeat is a
     * no-op (at-least-once delivery) and an answer to a referral this side already ended (cancelled,
     * expired) is kept out, so the intake never blocks on it.
     */
    @CommandHandler
    public void handle(RecordRecipientStatusCommand command) {
        OutgoingReferral referral = referrals.get(command.referralId());
        if (referral == null || referral.recipientAgency() != command.fromAgency()) {
            throw new DomainRuleViolation("unknown-referral", "This case sent no such referral to that agency.");
        }
        if (referral.status() == command.status()) {
            return;
        }
        boolean allowed = ReferralAction.leadingTo(command.status())
                .filter(action -> action.side() == ReferralSide.RECIPIENT && action.allowedFrom(referral.status()))
                .isPresent();
        if (!allowed) {
            log.warn("Referral {}: the recipient's {} arrived after this side's {}; kept as is", command.referralId(),
                    command.status(), referral.status());
            return;
        }
        apply(new OutgoingReferralStatusChangedEvent(caseId, command.referralId(), survivorRef, owningAgency,
                referral.recipientAgency(), command.status(), command.reason(), ReferralSide.RECIPIENT,
                "agency:" + command.fromAgency().code(), command.changedAt()));
    }

    @DeadlineHandler(deadlineName = ACKNOWLEDGEMENT_DUE)
    public void acknowledgementDue(String referralId, AcknowledgementDeadlines deadlines, DeadlineManager deadlineManager) {
        OutgoingReferral referral = referrals.get(referralId);
        if (referral == null || !referral.status().awaitsAcknowledgement()) {
            return;
        }
        Instant expiresAt = deadlines.expiresAt(referral.requestedAt(), referral.urgency());
        apply(new ReferralEscalatedEvent(caseId, referralId, survivorRef, referral.recipientAgency(), referral.urgency(),
                deadlines.acknowledgeBy(referral.requestedAt(), referral.urgency()), expiresAt));
        deadlineManager.schedule(expiresAt, EXPIRY_DUE, referralId);
    }

    @DeadlineHandler(deadlineName = EXPIRY_DUE)
    public void expiryDue(String referralId, AcknowledgementDeadlines deadlines) {
        OutgoingReferral referral = referrals.get(referralId);
        if (referral == null || !ReferralAction.EXPIRE.allowedFrom(referral.status())) {
            return;
        }
        apply(new OutgoingReferralStatusChangedEvent(caseId, referralId, survivorRef, owningAgency,
                referral.recipientAgency(), ReferralStatus.EXPIRED, ReferralStatusReason.NOT_ACKNOWLEDGED_IN_TIME,
                ReferralSide.REQUESTER, "deadline", deadlines.expiresAt(referral.requestedAt(), referral.urgency())));
    }

    @CommandHandler
    public void handle(RecordSafetyPlanCommand command) {
        requireOpen();
        if (command.summary() == null || command.summary().isBlank()) {
            throw new DomainRuleViolation("safety-plan-summary-required", "A safety plan needs a summary.");
        }
        apply(new SafetyPlanRecordedEvent(caseId, survivorRef, safetyPlanVersion + 1, command.summary(),
                command.details(), command.recordedBy(), command.recordedAt()));
    }

    @CommandHandler
    public void handle(CloseSupportCaseCommand command) {
        requireOpen();
        apply(new SupportCaseClosedEvent(caseId, survivorRef, command.reason(), command.closedBy(), command.closedAt()));
    }

    @CommandHandler
    public void handle(ReopenSupportCaseCommand command) {
        if (!closed) {
            throw new DomainRuleViolation("case-not-closed", "Only a closed case can be reopened.");
        }
        apply(new SupportCaseReopenedEvent(caseId, survivorRef, command.reopenedBy(), command.reopenedAt()));
    }

    private void requireOpen() {
        if (closed) {
            throw new DomainRuleViolation("case-closed", "This case is closed; reopen it first.");
        }
    }

    private OutgoingReferral requireReferral(String referralId) {
        OutgoingReferral referral = referrals.get(referralId);
        if (referral == null) {
            throw new DomainRuleViolation("unknown-referral", "This case sent no such referral.");
        }
        return referral;
    }

    @EventSourcingHandler
    void on(SupportCaseOpenedEvent event) {
        caseId = event.caseId();
        survivorRef = event.survivorRef();
        owningAgency = event.agency();
    }

    @EventSourcingHandler
    void on(ReferralRequestedEvent event) {
        referrals.put(event.referralId(), new OutgoingReferral(event.recipientAgency(), event.service(), event.urgency(),
                event.requestedAt(), ReferralStatus.REQUESTED));
    }

    @EventSourcingHandler
    void on(OutgoingReferralStatusChangedEvent event) {
        referrals.computeIfPresent(event.referralId(), (id, referral) -> referral.withStatus(event.status()));
    }

    @EventSourcingHandler
    void on(SafetyPlanRecordedEvent event) {
        safetyPlanVersion = event.version();
        safetyPlanSummary = event.summary();
    }

    @EventSourcingHandler
    void on(SupportCaseClosedEvent event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(SupportCaseReopenedEvent event) {
        closed = false;
    }

    private record OutgoingReferral(AgencyId recipientAgency, SupportService service, ReferralUrgency urgency,
                                    Instant requestedAt, ReferralStatus status) {
        OutgoingReferral withStatus(ReferralStatus newStatus) {
            return new OutgoingReferral(recipientAgency, service, urgency, requestedAt, newStatus);
        }
    }
}
