package org.saferwayout.agency.supportcase.api;

import org.axonframework.serialization.Revision;
import org.saferwayout.agency.domain.SurvivorScoped;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
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

    @Revision("1")
    public record ReferralRequestedEvent(
            String caseId,
            String referralId,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            SupportService service,
            ReferralUrgency urgency,
            String requestedBy,
            Instant requestedAt,
            PersonalData personalData,
            EmergencyDisclosure emergencyDisclosure) implements SurvivorScoped {
    }

    @Revision("1")
    public record ReferralAcceptanceRecordedEvent(
            String caseId,
            String referralId,
            AgencyId acceptingAgency,
            Instant acceptedAt) {
    }
}
