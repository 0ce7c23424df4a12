package org.saferwayout.agency.referral.application;

import org.saferwayout.agency.keys.NetworkKeyStore;
import java.util.Arrays;
import java.time.Instant;
import org.saferwayout.events.SurvivorRef;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.eventhandling.EventHandler;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ReceiveReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ApplyRequesterStatusCommand;
import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RecordRecipientStatusCommand;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.ServiceDelivered;
import java.util.Map;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.consent.application.ReceivedPersonalData;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentEvent;
import org.saferwayout.agency.consent.application.SupervisorNotifications;
import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentSuperseded;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.IntegrationEvent;
import org.saferwayout.events.ReferralAccepted;
import org.saferwayout.events.ReferralRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Reads the network exchange and turns what is addressed to this agency into this agency's own commands;
 * it never writes another agency's state. Its processor's source is the exchange
 * ({@code axon.eventhandling.processors.exchange-intake.source=exchangeStore}); its token and the commands'
 * events commit in one private transaction, so each integration event takes effect exactly once.
 */
@Component
@ProcessingGroup(ReferralExchangeIntake.PROCESSING_GROUP)
class ReferralExchangeIntake {

    static final String PROCESSING_GROUP = "exchange-intake";
    private static final Logger log = LoggerFactory.getLogger(ReferralExchangeIntake.class);

    private final CommandGateway commands;
    private final ConsentRegistry consents;
    private final ReceivedPersonalData receivedPersonalData;
    private final SupervisorNotifications supervisors;
    private final AgencyId thisAgency;
    private final NetworkKeyStore keyStore;
    private final Clock clock;

    ReferralExchangeIntake(CommandGateway commands, ConsentRegistry consents, ReceivedPersonalData receivedPersonalData,
                           SupervisorNotifications supervisors, NetworkKeyStore keyStore, AgencyProperties agency,
                           Clock clock) {
        this.keyStore = keyStore;
        this.supervisors = supervisors;
        this.commands = commands;
        this.consents = consents;
        this.receivedPersonalData = receivedPersonalData;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    @EventHandler
    void on(ReferralRequested event) {
        if (isAddressedHere(event) && RecordIds.ifWellFormed(event.referralId()).isEmpty()) {
            log.warn("Ignored integration event {}: malformed referral id", event.eventId());
        } else if (isAddressedHere(event)) {
            commands.sendAndWait(new ReceiveReferralCommand(event.referralId(), event.requesterCaseRef(),
                    event.survivorRef(), event.sourceAgency(), event.recipientAgency(), event.service(),
                    event.urgency(), event.directoryServiceId(), event.requestedAt(), clock.instant()));
            // Personal data stays out of the event-sourced inbox so that it can be purged; the store keeps
            // only what a consent covers on arrival.
            receivedPersonalData.store(event.referralId(), event.survivorRef(),
                    ConsentPurpose.servedBy(event.service()), event.personalData(), clock.instant());
        }
    }

    /**
     * Every consent change of the network enters the registry (they carry no personal data); when one
     * addressed to this agency ends, what it covered is purged at once.
     */
    @EventHandler
    void on(ConsentEvent event) {
        consents.apply(event);
        if (event instanceof EmergencyDisclosureMade disclosure && isAddressedHere(event)) {
            supervisors.emergencyDisclosureReceived(disclosure, clock.instant());
        } else if (event instanceof ConsentWithdrawn || event instanceof ConsentExpired
                || event instanceof ConsentSuperseded) {
            // Not only consents for this agency: service outcomes sent back here live under the provider's consent.
            receivedPersonalData.purgeUncovered(event.survivorRef(), clock.instant());
            if (isAddressedHere(event)) {
                shredWhenNothingCovers(event.survivorRef());
            }
        }
    }

    /**
     * Once no consent lets this agency hold the survivor's data for any purpose, the keys of everything it was
     * sent about her are destroyed: the exchange's copies become unreadable for good (crypto-shredding, ADR 009).
     * While another consent still covers something, the keys stay, or data that consent covers would be lost.
     */
    private void shredWhenNothingCovers(SurvivorRef survivor) {
        Instant now = clock.instant();
        boolean stillCovered = Arrays.stream(ConsentPurpose.values())
                .anyMatch(purpose -> !consents.coverage(survivor, thisAgency, purpose, now).coversNothing());
        if (!stillCovered) {
            int destroyed = keyStore.destroyDataKeys(survivor, thisAgency);
            log.info("Consent ended: destroyed {} data keys of personal data sent to this agency", destroyed);
        }
    }

    /** Stored events of revision 1; new acceptances arrive as {@link ReferralStatusChanged}. */
    @EventHandler
    @SuppressWarnings("deprecation")
    void on(ReferralAccepted event) {
        if (isAddressedHere(event)) {
            recordAnswer(event.eventId().toString(), new RecordRecipientStatusCommand(event.requesterCaseRef(),
                    event.referralId(), event.sourceAgency(), ReferralStatus.ACCEPTED, null, event.acceptedAt()));
        }
    }

    /**
     * A transition by the other side: the recipient's answers go to the case that sent the referral; the
     * requester's cancellation or expiry goes to the incoming referral.
     */
    @EventHandler
    void on(ReferralStatusChanged event) {
        if (!isAddressedHere(event) || RecordIds.ifWellFormed(event.referralId()).isEmpty()) {
            return;
        }
        ReferralSide takenBy = ReferralAction.leadingTo(event.status()).map(ReferralAction::side).orElse(null);
        if (takenBy == ReferralSide.RECIPIENT) {
            recordAnswer(event.eventId().toString(), new RecordRecipientStatusCommand(event.requesterCaseRef(),
                    event.referralId(), event.sourceAgency(), event.status(), event.statusReason(), event.changedAt()));
        } else if (takenBy == ReferralSide.REQUESTER) {
            try {
                commands.sendAndWait(new ApplyRequesterStatusCommand(event.referralId(), event.sourceAgency(),
                        event.status(), event.statusReason(), event.changedAt()));
            } catch (AggregateNotFoundException unknown) {
                log.warn("Ignored integration event {}: no such incoming referral", event.eventId());
            }
        }
    }

    /**
     * A service the recipient delivered on a referral this agency sent, with its outcome as consent allowed.
     * Kept with the case's received data, so it is purged when the consent for the provider ends.
     */
    @EventHandler
    void on(ServiceDelivered event) {
        if (!isAddressedHere(event) || RecordIds.ifWellFormed(event.requesterCaseRef()).isEmpty()) {
            return;
        }
        receivedPersonalData.store("service-delivered:" + event.eventId(), event.survivorRef(), event.sourceAgency(),
                ConsentPurpose.servedBy(event.service()), event.outcome(), Map.of(
                        "kind", "SERVICE_DELIVERED",
                        "caseId", event.requesterCaseRef(),
                        "referralId", event.referralId(),
                        "providerAgency", event.sourceAgency().code(),
                        "service", event.service().name(),
                        "directoryServiceId", event.directoryServiceId() == null ? "" : event.directoryServiceId(),
                        "deliveredOn", event.deliveredOn().toString()),
                clock.instant());
    }

    private void recordAnswer(String eventId, RecordRecipientStatusCommand command) {
        try {
            commands.sendAndWait(command);
        } catch (DomainRuleViolation | AggregateNotFoundException refused) {
            // An answer to a referral this agency never sent: skip it rather than block the exchange.
            log.warn("Ignored integration event {}: {}", eventId, refused.getClass().getSimpleName());
        }
    }

    private boolean isAddressedHere(IntegrationEvent event) {
        return event.recipientAgency() == thisAgency;
    }
}
