package org.saferwayout.events;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A de-identified count of one service delivered, addressed to REACH for the network's outcome report:
 * which kind of service, in which city, on which day, for which pseudonym (so that a survivor helped twice
 * is counted once). No personal data and no case reference; REACH publishes only suppressed aggregates.
 */
@Revision("1")
public record ServiceDeliveryCounted(
        UUID eventId,
        AgencyId sourceAgency,
        AgencyId recipientAgency,
        SurvivorRef survivorRef,
        SupportService service,
        String city,
        LocalDate deliveredOn) implements IntegrationEvent {
}
