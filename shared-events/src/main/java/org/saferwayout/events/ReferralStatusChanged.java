package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/**
 * One side of a referral moved it to a new status; addressed to the other side. The requester publishes
 * cancellation and expiry; the recipient publishes every other transition. {@code statusReason} is set for
 * declined, failed, cancelled and expired, and is the outcome for completed. {@code requesterCaseRef} is
 * the requester's opaque case id, as in {@link ReferralRequested}.
 */
@Revision("1")
public record ReferralStatusChanged(
        UUID eventId,
        String referralId,
        String requesterCaseRef,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        ReferralStatus status,
        ReferralStatusReason statusReason,
        Instant changedAt) implements IntegrationEvent {
}
