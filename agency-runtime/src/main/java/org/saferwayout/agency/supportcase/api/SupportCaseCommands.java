package org.saferwayout.agency.supportcase.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;

/** Commands of a survivor support case, the case owner's private aggregate. */
public final class SupportCaseCommands {

    private SupportCaseCommands() {
    }

    public record OpenSupportCaseCommand(
            @TargetAggregateIdentifier String caseId,
            SurvivorRef survivorRef,
            AgencyId agency,
            String openedBy,
            Instant openedAt) {
    }

    /**
     * @param directoryServiceId        the network directory's service the referral targets
     * @param shareSafetyPlanSummary    offer the case's current safety-plan summary (the consent gate still
     *                                  decides whether it leaves)
     * @param reroutesReferralId        this referral replaces an unanswered, expired, declined or failed one;
     *                                  the old one is cancelled if still open
     */
    public record RequestReferralCommand(
            @TargetAggregateIdentifier String caseId,
            String referralId,
            AgencyId recipientAgency,
            SupportService service,
            String directoryServiceId,
            ReferralUrgency urgency,
            String requestedBy,
            Instant requestedAt,
            PersonalData personalData,
            boolean shareSafetyPlanSummary,
            EmergencyDisclosure emergencyDisclosure,
            String reroutesReferralId) {
    }

    /** The requester's staff act on a referral the case sent (only cancelling is theirs to do). */
    public record ActOnOutgoingReferralCommand(
            @TargetAggregateIdentifier String caseId,
            String referralId,
            ReferralAction action,
            ReferralStatusReason reason,
            String actedBy,
            Instant actedAt) {
    }

    /** Sent when the recipient's answer (a status change) arrives through the exchange. */
    public record RecordRecipientStatusCommand(
            @TargetAggregateIdentifier String caseId,
            String referralId,
            AgencyId fromAgency,
            ReferralStatus status,
            ReferralStatusReason reason,
            Instant changedAt) {
    }

    public record RecordSafetyPlanCommand(
            @TargetAggregateIdentifier String caseId,
            String summary,
            String details,
            String recordedBy,
            Instant recordedAt) {
    }

    public record CloseSupportCaseCommand(
            @TargetAggregateIdentifier String caseId,
            CaseClosureReason reason,
            String closedBy,
            Instant closedAt) {
    }

    public record ReopenSupportCaseCommand(
            @TargetAggregateIdentifier String caseId,
            String reopenedBy,
            Instant reopenedAt) {
    }
}
