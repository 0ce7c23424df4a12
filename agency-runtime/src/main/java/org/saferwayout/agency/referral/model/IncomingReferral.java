package org.saferwayout.agency.referral.model;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.referral.api.IncomingReferralCommands;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.AcceptReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ReceiveReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralAcceptedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralReceivedEvent;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A referral as the recipient agency sees it (states after the HL7 Gravity referral Task). It lives only in
 * the recipient's private store, so only the recipient can act on it.
 */
@Aggregate
public class IncomingReferral {

    enum Status { RECEIVED, ACCEPTED }

    @AggregateIdentifier
    private String incomingReferralId;
    private String referralId;
    private String requesterCaseRef;
    private SurvivorRef survivorRef;
    private AgencyId requestingAgency;
    private AgencyId recipientAgency;
    private Status status;

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
        apply(new ReferralReceivedEvent(command.referralId(), command.requesterCaseRef(), command.survivorRef(),
                command.requestingAgency(), command.recipientAgency(), command.service(), command.urgency(),
                command.requestedAt(), command.receivedAt()));
    }

    @CommandHandler
    public void handle(AcceptReferralCommand command) {
        if (status != Status.RECEIVED) {
            throw new DomainRuleViolation("referral-not-awaiting-decision",
                    "Only a received referral can be accepted.");
        }
        apply(new ReferralAcceptedEvent(referralId, requesterCaseRef, survivorRef, requestingAgency,
                recipientAgency, command.acceptedBy(), command.acceptedAt()));
    }

    @EventSourcingHandler
    void on(ReferralReceivedEvent event) {
        incomingReferralId = IncomingReferralCommands.incomingReferralId(event.referralId());
        referralId = event.referralId();
        requesterCaseRef = event.requesterCaseRef();
        survivorRef = event.survivorRef();
        requestingAgency = event.requestingAgency();
        recipientAgency = event.recipientAgency();
        status = Status.RECEIVED;
    }

    @EventSourcingHandler
    void on(ReferralAcceptedEvent event) {
        status = Status.ACCEPTED;
    }
}
