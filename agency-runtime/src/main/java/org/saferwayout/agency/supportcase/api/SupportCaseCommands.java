package org.saferwayout.agency.supportcase.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
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

    public record RequestReferralCommand(
            @TargetAggregateIdentifier String caseId,
            String referralId,
            AgencyId recipientAgency,
            SupportService service,
            ReferralUrgency urgency,
            String requestedBy,
            Instant requestedAt,
            PersonalData personalData,
            EmergencyDisclosure emergencyDisclosure) {
    }

    /** Sent when the recipient's acceptance arrives through the exchange. */
    public record RecordReferralAcceptanceCommand(
            @TargetAggregateIdentifier String caseId,
            String referralId,
            AgencyId acceptingAgency,
            Instant acceptedAt) {
    }
}
