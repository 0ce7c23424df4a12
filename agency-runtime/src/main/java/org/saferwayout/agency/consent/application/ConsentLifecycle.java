package org.saferwayout.agency.consent.application;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.consent.api.ConsentCommands.ExpireConsentCommand;
import org.saferwayout.agency.consent.api.ConsentCommands.SupersedeConsentCommand;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentRecordedEvent;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Moves consents on by themselves: a new consent supersedes the one it names, and a given consent whose
 * period is over expires. Each aggregate also holds an expiry deadline; the sweep here is the safety net
 * for deadlines lost with a restart (the deadline manager keeps them in memory).
 */
@Component
@ProcessingGroup("consent-lifecycle")
class ConsentLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsentLifecycle.class);

    private final CommandGateway commands;
    private final ConsentRegistry registry;
    private final ReceivedPersonalData receivedPersonalData;
    private final AgencyId thisAgency;
    private final Clock clock;

    ConsentLifecycle(CommandGateway commands, ConsentRegistry registry, ReceivedPersonalData receivedPersonalData,
                     AgencyProperties agency, Clock clock) {
        this.receivedPersonalData = receivedPersonalData;
        this.commands = commands;
        this.registry = registry;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    @EventHandler
    void on(ConsentRecordedEvent event) {
        if (event.supersedes() == null) {
            return;
        }
        try {
            commands.sendAndWait(new SupersedeConsentCommand(event.supersedes(), event.consentId(), event.recordedAt()));
        } catch (AggregateNotFoundException recordedElsewhere) {
            log.warn("Consent {} names a superseded consent this agency did not record", event.consentId());
        }
    }

    @Scheduled(fixedDelayString = "${swo.consent.expiry-sweep:PT10S}", initialDelayString = "${swo.consent.expiry-sweep:PT10S}")
    void endOverdueGrants() {
        for (String consentId : registry.overdueFor(thisAgency, clock.instant())) {
            commands.sendAndWait(new ExpireConsentCommand(consentId, clock.instant()));
        }
        // An emergency disclosure received here ends by time alone: purge what it released.
        for (ConsentView disclosure : registry.endedEmergencyDisclosuresTo(thisAgency, clock.instant())) {
            receivedPersonalData.purgeUncovered(new SurvivorRef(disclosure.survivorRef()), clock.instant());
            registry.markPurged(disclosure.consentId());
        }
    }
}
