package org.saferwayout.reach.outcomes;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ServiceDeliveryCounted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the counts the agencies address to REACH on the exchange (the {@code exchange-intake} processor's
 * source is the exchange) into {@link CountedDeliveries}. Delivery is at-least-once and the intake re-reads
 * the exchange from its start when its token is reset, so recording must be, and is, idempotent.
 */
@Component
@ProcessingGroup("exchange-intake")
class OutcomeCountIntake {

    private static final Logger log = LoggerFactory.getLogger(OutcomeCountIntake.class);

    private final CountedDeliveries deliveries;
    private final NetworkDirectory directory;
    private final AgencyId thisAgency;

    OutcomeCountIntake(CountedDeliveries deliveries, NetworkDirectory directory, AgencyProperties agency) {
        this.deliveries = deliveries;
        this.directory = directory;
        this.thisAgency = agency.id();
    }

    @EventHandler
    void on(ServiceDeliveryCounted event) {
        if (event.recipientAgency() != thisAgency) {
            return;
        }
        if (event.survivorRef() == null || event.service() == null || !CountedDeliveries.storable(event.deliveredOn())
                || event.city() == null || event.city().isBlank()) {
            // Skipped rather than retried forever: a count that cannot be placed would block the intake.
            log.warn("Ignored integration event {}: incomplete service delivery count", event.eventId());
            return;
        }
        deliveries.record(new CountedDeliveries.Delivery(event.survivorRef().value(), event.service(),
                city(event.city()), event.deliveredOn()));
    }

    /** The directory's spelling of a city, so that "edmonton" and "Edmonton" are one row of the report. */
    private String city(String named) {
        String city = named.strip();
        return directory.cities().stream().filter(city::equalsIgnoreCase).findFirst().orElse(city);
    }
}
