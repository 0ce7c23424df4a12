package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A survivor gave consent, recorded by staff of {@code sourceAgency} (the controller), for
 * {@code recipientAgency} (the grantee) to receive the named categories for the named purposes within the
 * period. Carries no personal data beyond the SurvivorRef; staff are named by their account id.
 */
@Revision("1")
public record ConsentGiven(
        UUID eventId,
        String consentId,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        Set<ConsentPurpose> purposes,
        Set<DataCategory> categories,
        Instant validFrom,
        Instant validUntil,
        ConsentMethod method,
        String language,
        String recordedBy,
        String supersedes,
        Instant recordedAt) implements ConsentEvent {
}
