package org.saferwayout.agency.erasure;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.consent.application.ReceivedPersonalData;
import org.saferwayout.agency.keys.NetworkKeyStore;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorErasureRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out an erasure request addressed to this agency: what it received about the survivor is deleted from
 * its read models, and any data key created since the request is destroyed too. Runs in the exchange intake, so
 * it comes after everything published about her before the request (ordered per survivor).
 */
@Component
@ProcessingGroup("exchange-intake")
class SurvivorErasure {

    private static final Logger log = LoggerFactory.getLogger(SurvivorErasure.class);

    private final ReceivedPersonalData receivedPersonalData;
    private final NetworkKeyStore keyStore;
    private final AgencyId thisAgency;

    SurvivorErasure(ReceivedPersonalData receivedPersonalData, NetworkKeyStore keyStore, AgencyProperties agency) {
        this.receivedPersonalData = receivedPersonalData;
        this.keyStore = keyStore;
        this.thisAgency = agency.id();
    }

    @EventHandler
    void on(SurvivorErasureRequested request) {
        if (request.recipientAgency() != thisAgency) {
            return;
        }
        long purged = receivedPersonalData.eraseAll(request.survivorRef());
        int destroyed = keyStore.destroyAllDataKeys(request.survivorRef());
        log.info("Erasure {}: {} received records purged, {} more data keys destroyed", request.erasureId(), purged,
                destroyed);
    }
}
