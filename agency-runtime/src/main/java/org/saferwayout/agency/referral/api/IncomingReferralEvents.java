package org.saferwayout.agency.referral.api;

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
import java.time.LocalDate;

/** Private events of a referral at the recipient agency. */
public final class IncomingReferralEvents {

    private IncomingReferralEvents() {
    }

    /** A referral addressed to this agency arrived through the exchange; it is {@code REQUESTED} here. */
    @Revision("1")
    public record ReferralArrivedEvent(
            String referralId,
            String requesterCaseRef,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            SupportService service,
            ReferralUrgency urgency,
            String directoryServiceId,
            Instant requestedAt,
            Instant arrivedAt) implements SurvivorScoped {
    }

    /**
     * The incoming referral moved to {@code status}. {@code changedBySide} says whose decision it was: this
     * agency's staff (published to the requester) or the requester's (arrived through the exchange, not
     * published back).
     */
    @Revision("1")
    public record IncomingReferralStatusChangedEvent(
            String referralId,
            String requesterCaseRef,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            ReferralStatus status,
            ReferralStatusReason reason,
            ReferralSide changedBySide,
            String changedBy,
            Instant changedAt) implements SurvivorScoped {
    }

    @Revision("1")
    public record ServiceDeliveredRecordedEvent(
            String referralId,
            String deliveryId,
            String requesterCaseRef,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            String directoryServiceId,
            SupportService service,
            String city,
            LocalDate deliveredOn,
            @PersonalInformation PersonalData outcome,
            String recordedBy,
            Instant recordedAt) implements SurvivorScoped {
    }
}
