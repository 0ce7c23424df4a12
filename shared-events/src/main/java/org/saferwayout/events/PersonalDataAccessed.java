package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Someone at {@code sourceAgency} was shown a survivor's personal data: who, with which roles, for what, when,
 * which categories and through which record. One per read, recorded before the data is served; never the data
 * itself. The reading agency is also the recipient: nobody acts on it, auditors and privacy officers read it
 * (the survivor's access report).
 *
 * @param resource what was read ({@code support-case}, {@code safety-plans}, {@code referral-inbox-entry})
 * @param recordId the id of that record (a case id, a referral id)
 */
@Revision("1")
public record PersonalDataAccessed(
        UUID eventId,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        String accessedBy,
        Set<String> roles,
        AccessPurpose purpose,
        String resource,
        String recordId,
        Set<DataCategory> categories,
        Instant accessedAt) implements IntegrationEvent {
}
