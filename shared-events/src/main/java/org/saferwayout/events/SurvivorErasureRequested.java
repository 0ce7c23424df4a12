package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.UUID;

/**
 * A privacy officer at {@code sourceAgency} had everything the network holds of a survivor's personal data
 * erased: the keys of every sealed copy in the exchange are already destroyed (crypto-shredding); each
 * {@code recipientAgency} (one event per agency) now purges what it keeps of her. Carries the pseudonym and
 * who asked, never the data or the reason.
 */
@Revision("1")
public record SurvivorErasureRequested(
        UUID eventId,
        String erasureId,
        SurvivorRef survivorRef,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        String requestedBy,
        Instant requestedAt) implements IntegrationEvent {
}
