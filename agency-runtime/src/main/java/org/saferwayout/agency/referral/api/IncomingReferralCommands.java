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

    /**
     * The aggregate id of a referral received from another agency. The referral id is chosen by the sender,
     * so it is kept in its own namespace: a sender could never make it name one of this agency's own
     * aggregates (a case), which would fail the intake on every retry.
     */
    public static String incomingReferralId(String referralId) {
        return "incoming-referral:" + referralId;
    }

    /** Sent when a referral addressed to this agency arrives through the exchange. */
    public record ReceiveReferralCommand(
            String referralId,
            String requesterCaseRef,
            SurvivorRef survivorRef,
            AgencyId requestingAgency,
            AgencyId recipientAgency,
            SupportService service,
            ReferralUrgency urgency,
            Instant requestedAt,
            Instant receivedAt) {

        @TargetAggregateIdentifier
        public String incomingReferralId() {
            return IncomingReferralCommands.incomingReferralId(referralId);
        }
    }

    public record AcceptReferralCommand(
            String referralId,
            String acceptedBy,
            Instant acceptedAt) {

        @TargetAggregateIdentifier
        public String incomingReferralId() {
            return IncomingReferralCommands.incomingReferralId(referralId);
        }
    }
}
