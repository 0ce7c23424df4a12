package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/**
 * The recipient agency accepted a referral; addressed back to the requesting agency. Superseded by
 * {@link ReferralStatusChanged} (status {@code ACCEPTED}); kept so that events already stored still read.
 */
@Deprecated
@Revision("1")
public record ReferralAccepted(
        UUID eventId,
        String referralId,
        String requesterCaseRef,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        Instant acceptedAt) implements IntegrationEvent {
}
