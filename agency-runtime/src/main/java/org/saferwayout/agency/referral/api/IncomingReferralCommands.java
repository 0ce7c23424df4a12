package org.saferwayout.agency.referral.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;

/** Commands of a referral as the recipient agency works it. */
public final class IncomingReferralCommands {

    private IncomingReferralCommands() {
    }

    /** Sent when a referral addressed to this agency arrives through the exchange. */
    public record ReceiveReferralCommand(
            @TargetAggregateIdentifier String referralId,
            String requesterCaseRef,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            SupportService service,
            ReferralUrgency urgency,
            Instant requestedAt,
            Instant receivedAt) {
    }

    public record AcceptReferralCommand(
            @TargetAggregateIdentifier String referralId,
            String acceptedBy,
            Instant acceptedAt) {
    }
}
