package org.saferwayout.agency.erasure;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.consent.api.ConsentCommands.WithdrawConsentCommand;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.consent.application.ConsentRegistry.ConsentState;
import org.saferwayout.agency.consent.application.ConsentView;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.keys.NetworkKeyStore;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorErasureRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Carries out an erasure request addressed to this agency: the survivor's consents recorded here are withdrawn,
 * what it keeps about her is erased ({@link LocalErasure}), and any data key created for her since the request is
 * destroyed too. Runs in the exchange intake, so it comes after everything published about her before the
 * request (ordered per survivor).
 */
@Component
@ProcessingGroup("exchange-intake")
class SurvivorErasure {

    private static final Logger log = LoggerFactory.getLogger(SurvivorErasure.class);

    private final LocalErasure localErasure;
    private final NetworkKeyStore keyStore;
    private final ConsentRegistry consents;
    private final CommandGateway commands;
    private final AgencyId thisAgency;
    private final Clock clock;

    SurvivorErasure(LocalErasure localErasure, NetworkKeyStore keyStore, ConsentRegistry consents,
                    CommandGateway commands, AgencyProperties agency, Clock clock) {
        this.localErasure = localErasure;
        this.keyStore = keyStore;
        this.consents = consents;
        this.commands = commands;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    @EventHandler
    void on(SurvivorErasureRequested request) {
        if (request.recipientAgency() != thisAgency) {
            return;
        }
        withdrawConsentsRecordedHere(request);
        LocalErasure.Erased erased = localErasure.erase(request.survivorRef());
        // Keys created for her since the request (a share in flight) go too, whichever agency they were for.
        int lateKeys = keyStore.destroyAllDataKeys(request.survivorRef());
        log.info("Erasure {}: {} survivor keys and {} exchange keys destroyed here, {} more network keys, records deleted {}",
                request.erasureId(), erased.survivorKeysDestroyed(), erased.exchangeKeysDestroyed(), lateKeys,
                erased.recordsDeleted());
    }

    /**
     * Her consents recorded here end too, or a partner would be sent her data again under one still in force.
     * Emergency disclosures end by time alone.
     */
    private void withdrawConsentsRecordedHere(SurvivorErasureRequested request) {
        for (ConsentView consent : consents.ofSurvivor(request.survivorRef())) {
            if (thisAgency.code().equals(consent.recordingAgency()) && ConsentState.GIVEN.name().equals(consent.state())
                    && !ConsentRegistry.EMERGENCY.equals(consent.kind())) {
                try {
                    commands.sendAndWait(new WithdrawConsentCommand(consent.consentId(),
                            "erasure:" + request.erasureId(), clock.instant()));
                } catch (DomainRuleViolation alreadyEnded) {
                    // It expired or was withdrawn meanwhile: nothing left to end.
                }
            }
        }
    }
}
