package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Break-glass: a supervisor at {@code sourceAgency} approved sharing the minimum categories with
 * {@code recipientAgency} without consent, for imminent risk to life, until {@code validUntil}. The written
 * justification stays in the sender's private record (it may name people); this event says that it exists
 * and who approved. Every view and audit record of the data it releases is flagged.
 */
@Revision("1")
public record EmergencyDisclosureMade(
        UUID eventId,
        String disclosureId,
        String referralId,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        ConsentPurpose purpose,
        Set<DataCategory> categories,
        Instant validFrom,
        Instant validUntil,
        String approvedBy) implements ConsentEvent {

    /** Registered like a consent (the registry's one check covers both), under the disclosure's id. */
    @Override
    public String consentId() {
        return disclosureId;
    }
}
