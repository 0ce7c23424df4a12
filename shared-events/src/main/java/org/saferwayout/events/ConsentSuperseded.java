package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/** A consent was replaced by a newer one for the same survivor and grantee. */
@Revision("1")
public record ConsentSuperseded(
        UUID eventId,
        String consentId,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        String supersededBy,
        Instant supersededAt) implements ConsentEvent {
}
