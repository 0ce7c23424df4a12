package org.saferwayout.events;

import java.util.UUID;

/**
 * An event that crosses agency lines through the network exchange. Only types in this package may be
 * published there (an architecture test enforces it).
 *
 * <p>Delivery is at-least-once, so every integration event carries a stable {@link #eventId()}: the same
 * fact published twice has the same id, the exchange stores it once and recipients handle it once.
 */
public interface IntegrationEvent {

    /** Stable identity of this fact; also the exchange's event identifier. */
    UUID eventId();

    /** The agency that published it. */
    AgencyId sourceAgency();

    /** The only agency that may act on it. */
    AgencyId recipientAgency();

    /** The survivor it concerns, by pseudonym: recipients handle one survivor's events in order. */
    SurvivorRef survivorRef();
}
