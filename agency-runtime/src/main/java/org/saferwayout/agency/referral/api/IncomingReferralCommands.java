package org.saferwayout.agency.referral.api;

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
import java.time.LocalDate;

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
            String directoryServiceId,
            Instant requestedAt,
            Instant receivedAt) {

        @TargetAggregateIdentifier
        public String incomingReferralId() {
            return IncomingReferralCommands.incomingReferralId(referralId);
        }
    }

    /** A recipient's staff member acts on the referral (receive, accept, decline, start, hold, complete, fail). */
    public record ActOnIncomingReferralCommand(
            String referralId,
            ReferralAction action,
            ReferralStatusReason reason,
            String actedBy,
            Instant actedAt) {

        @TargetAggregateIdentifier
        public String incomingReferralId() {
            return IncomingReferralCommands.incomingReferralId(referralId);
        }
    }

    /** Sent when the requester's cancellation or expiry arrives through the exchange. */
    public record ApplyRequesterStatusCommand(
            String referralId,
            AgencyId fromAgency,
            ReferralStatus status,
            ReferralStatusReason reason,
            Instant changedAt) {

        @TargetAggregateIdentifier
        public String incomingReferralId() {
            return IncomingReferralCommands.incomingReferralId(referralId);
        }
    }

    /**
     * The providing agency records a service delivered on this referral.
     *
     * @param outcome how it went, in the survivor's words or the worker's: personal data (service outcome)
     */
    public record RecordServiceDeliveredCommand(
            String referralId,
            String deliveryId,
            String directoryServiceId,
            SupportService service,
            String city,
            LocalDate deliveredOn,
            PersonalData outcome,
            String recordedBy,
            Instant recordedAt) {

        @TargetAggregateIdentifier
        public String incomingReferralId() {
            return IncomingReferralCommands.incomingReferralId(referralId);
        }
    }
}
