package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/** The survivor withdrew a consent; it stops permitting sharing at {@code withdrawnAt}. */
@Revision("1")
public record ConsentWithdrawn(
        UUID eventId,
        String consentId,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        String recordedBy,
        Instant withdrawnAt) implements ConsentEvent {
}
