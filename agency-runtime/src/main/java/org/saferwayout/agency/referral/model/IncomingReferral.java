package org.saferwayout.agency.referral.model;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.referral.api.IncomingReferralCommands;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ActOnIncomingReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ApplyRequesterStatusCommand;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ReceiveReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.RecordServiceDeliveredCommand;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.IncomingReferralStatusChangedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralArrivedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ServiceDeliveredRecordedEvent;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.SurvivorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A referral as the recipient agency sees it (states after the HL7 Gravity referral Task). It lives only in
 * the recipient's private store, so only the recipient can act on it; the requester's cancellation and
 * expiry reach it through the exchange.
 */
@Aggregate
public class IncomingReferral {

    private static final Logger log = LoggerFactory.getLogger(IncomingReferral.class);

    /** Services are delivered on a referral the recipient took on, including after it completed. */
    static final Set<ReferralStatus> DELIVERY_ALLOWED =
            EnumSet.of(ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.ON_HOLD, ReferralStatus.COMPLETED);

    @AggregateIdentifier
    private String incomingReferralId;
    private String referralId;
    private String requesterCaseRef;
    private SurvivorRef survivorRef;
    private AgencyId requestingAgency;
    private AgencyId recipientAgency;
    private ReferralStatus status;
    private final Set<String> deliveries = new HashSet<>();

    protected IncomingReferral() {
        // for Axon
    }

    /**
     * Idempotent: the exchange delivers at least once, and a repeated delivery must neither fail (a
     * failing handler would block the intake processor in endless retries) nor record the referral twice.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReceiveReferralCommand command) {
        if (status != null) {
            return;
        }
        apply(new ReferralArrivedEvent(command.referralId(), command.requesterCaseRef(), command.survivorRef(),
                command.requestingAgency(), command.recipientAgency(), command.service(), command.urgency(),
                command.directoryServiceId(), command.requestedAt(), command.receivedAt()));
    }

    @CommandHandler
    public void handle(ActOnIncomingReferralCommand command) {
        command.action().requireAllowed(ReferralSide.RECIPIENT, status, command.reason());
        apply(statusChanged(command.action().result(), command.reason(), ReferralSide.RECIPIENT,
                command.actedBy(), command.actedAt()));
    }

    /**
     * The requester cancelled or let the referral expire. The requester's word is final for its own
     * actions, unless this side already reached a final status (then the two copies differ, as they would
     * on paper, and the requester sees this side's answer when it arrives). Idempotent.
     */
    @CommandHandler
    public void handle(ApplyRequesterStatusCommand command) {
        ReferralAction action = ReferralAction.leadingTo(command.status())
                .filter(requesterAction -> requesterAction.side() == ReferralSide.REQUESTER)
                .orElse(null);
        if (action == null || command.fromAgency() != requestingAgency) {
            log.warn("Ignored a status change for referral {} not taken by its requester", referralId);
            return;
        }
        if (status == command.status() || status.isFinal()) {
            return;
        }
        apply(statusChanged(command.status(), command.reason(), ReferralSide.REQUESTER,
                "agency:" + command.fromAgency().code(), command.changedAt()));
    }

    @CommandHandler
    public void handle(RecordServiceDeliveredCommand command) {
        if (!DELIVERY_ALLOWED.contains(status)) {
            throw new DomainRuleViolation("referral-not-taken-on",
                    "Services are recorded only on a referral this agency accepted.");
        }
        if (deliveries.contains(command.deliveryId())) {
            return;
        }
        apply(new ServiceDeliveredRecordedEvent(referralId, command.deliveryId(), requesterCaseRef, survivorRef,
                requestingAgency, recipientAgency, command.directoryServiceId(), command.service(), command.city(),
                command.deliveredOn(), command.outcome(), command.recordedBy(), command.recordedAt()));
    }

    private IncomingReferralStatusChangedEvent statusChanged(ReferralStatus newStatus,
                                                             org.saferwayout.events.ReferralStatusReason reason,
                                                             ReferralSide side, String by, java.time.Instant at) {
        return new IncomingReferralStatusChangedEvent(referralId, requesterCaseRef, survivorRef, requestingAgency,
                recipientAgency, newStatus, reason, side, by, at);
    }

    @EventSourcingHandler
    void on(ReferralArrivedEvent event) {
        incomingReferralId = IncomingReferralCommands.incomingReferralId(event.referralId());
        referralId = event.referralId();
        requesterCaseRef = event.requesterCaseRef();
        survivorRef = event.survivorRef();
        requestingAgency = event.requestingAgency();
        recipientAgency = event.recipientAgency();
        status = ReferralStatus.REQUESTED;
    }

    @EventSourcingHandler
    void on(IncomingReferralStatusChangedEvent event) {
        status = event.status();
    }

    @EventSourcingHandler
    void on(ServiceDeliveredRecordedEvent event) {
        deliveries.add(event.deliveryId());
    }
}
