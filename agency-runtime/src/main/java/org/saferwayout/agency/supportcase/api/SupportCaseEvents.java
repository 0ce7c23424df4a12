package org.saferwayout.agency.supportcase.api;

import org.saferwayout.agency.domain.PersonalInformation;
import org.axonframework.serialization.Revision;
import org.saferwayout.agency.domain.SurvivorScoped;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;

/** Private events of a support case; they stay in the owning agency's event store. */
public final class SupportCaseEvents {

    private SupportCaseEvents() {
    }

    @Revision("1")
    public record SupportCaseOpenedEvent(
            String caseId,
            SurvivorRef survivorRef,
            AgencyId agency,
            String openedBy,
            Instant openedAt) implements SurvivorScoped {
    }

    @Revision("2")
    public record ReferralRequestedEvent(
            String caseId,
            String referralId,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            SupportService service,
            String directoryServiceId,
            ReferralUrgency urgency,
            String requestedBy,
            Instant requestedAt,
            Instant acknowledgeBy,
            @PersonalInformation PersonalData personalData,
            EmergencyDisclosure emergencyDisclosure,
            String reroutedFrom) implements SurvivorScoped {
    }

    /**
     * A referral the case sent moved to {@code status}: by this agency's own action (cancel, expiry) or by
     * the recipient's answer arriving through the exchange ({@code changedBySide}).
     */
    @Revision("1")
    public record OutgoingReferralStatusChangedEvent(
            String caseId,
            String referralId,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            ReferralStatus status,
            ReferralStatusReason reason,
            ReferralSide changedBySide,
            String changedBy,
            Instant changedAt) implements SurvivorScoped {
    }

    /** Nobody acknowledged the referral in time: the requesting agency's supervisors must act. */
    @Revision("1")
    public record ReferralEscalatedEvent(
            String caseId,
            String referralId,
            SurvivorRef survivorRef,
            AgencyId recipientAgency,
            ReferralUrgency urgency,
            Instant acknowledgeBy,
            Instant expiresAt) implements SurvivorScoped {
    }

    /** A new version of the case's short-term safety plan (personal data: it stays in this agency). */
    @Revision("1")
    public record SafetyPlanRecordedEvent(
            String caseId,
            SurvivorRef survivorRef,
            int version,
            @PersonalInformation String summary,
            @PersonalInformation String details,
            String recordedBy,
            Instant recordedAt) implements SurvivorScoped {

        @Override
        public String toString() {
            return "SafetyPlanRecordedEvent[caseId=" + caseId + ", version=" + version + "]";
        }
    }

    @Revision("1")
    public record SupportCaseClosedEvent(
            String caseId,
            SurvivorRef survivorRef,
            CaseClosureReason reason,
            String closedBy,
            Instant closedAt) implements SurvivorScoped {
    }

    @Revision("1")
    public record SupportCaseReopenedEvent(
            String caseId,
            SurvivorRef survivorRef,
            String reopenedBy,
            Instant reopenedAt) implements SurvivorScoped {
    }
}
