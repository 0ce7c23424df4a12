package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/** A consent reached the end of its period. */
@Revision("1")
public record ConsentExpired(
        UUID eventId,
        String consentId,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        Instant expiredAt) implements ConsentEvent {
}
