package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What a share of a survivor's data released and what it withheld, and why, recorded whether or not
 * anything was shared (UK information-sharing rule). Never carries the withheld data itself.
 *
 * @param consentId the consent that permitted the release, null when nothing was covered
 * @param reason      why: {@code NO_CONSENT}, {@code NOT_COVERED}, {@code NONE} (nothing withheld),
 *                    {@code EMERGENCY_DISCLOSURE} (released without consent, break-glass) or
 *                    {@code RECIPIENT_KEY_UNAVAILABLE} (covered, but the recipient has no key to seal it for yet)
 * @param requestedBy the staff account whose referral the decision was made for
 */
@Revision("1")
public record SharingDecisionRecorded(
        UUID eventId,
        String referralId,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        ConsentPurpose purpose,
        Set<DataCategory> released,
        Set<DataCategory> withheld,
        String consentId,
        String reason,
        String requestedBy,
        Instant decidedAt) implements IntegrationEvent {
}
