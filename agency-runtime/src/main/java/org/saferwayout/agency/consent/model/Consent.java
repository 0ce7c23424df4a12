package org.saferwayout.agency.consent.model;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.saferwayout.agency.consent.api.ConsentCommands.ExpireConsentCommand;
import org.saferwayout.agency.consent.api.ConsentCommands.RecordConsentCommand;
import org.saferwayout.agency.consent.api.ConsentCommands.SupersedeConsentCommand;
import org.saferwayout.agency.consent.api.ConsentCommands.WithdrawConsentCommand;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentExpiredEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentRecordedEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentSupersededEvent;
import org.saferwayout.agency.consent.api.ConsentEvents.ConsentWithdrawnEvent;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A survivor's consent for one grantee agency (after HL7 FHIR Consent and ISO/IEC TS 27560): given, then
 * withdrawn, expired or superseded, each final. Only a given consent within its period permits sharing.
 */
@Aggregate
public class Consent {

    static final String EXPIRY_DEADLINE = "consent-expiry";

    public enum State { GIVEN, WITHDRAWN, EXPIRED, SUPERSEDED }

    @AggregateIdentifier
    private String consentId;
    private SurvivorRef survivorRef;
    private AgencyId recordingAgency;
    private AgencyId granteeAgency;
    private Instant validUntil;
    private State state;

    protected Consent() {
        // for Axon
    }

    @CommandHandler
    public Consent(RecordConsentCommand command, DeadlineManager deadlines) {
        if (command.granteeAgency() == null || command.granteeAgency() == command.recordingAgency()) {
            throw new DomainRuleViolation("consent-grantee-is-recorder",
                    "A consent is given for another agency than the one recording it.");
        }
        if (command.validFrom() == null || command.validUntil() == null
                || !command.validUntil().isAfter(command.validFrom())) {
            throw new DomainRuleViolation("consent-period-required", "A consent needs a period that ends after it starts.");
        }
        if (!command.validUntil().isAfter(command.recordedAt())) {
            throw new DomainRuleViolation("consent-period-over", "A consent's period must not be over when it is recorded.");
        }
        if (command.purposes() == null || command.purposes().isEmpty()
                || command.categories() == null || command.categories().isEmpty()) {
            throw new DomainRuleViolation("consent-scope-required", "A consent names at least one purpose and one data category.");
        }
        if (command.method() == null) {
            throw new DomainRuleViolation("consent-method-required", "How the consent was obtained must be recorded.");
        }
        if (command.method() == ConsentMethod.VERBAL_WITH_WITNESS
                && (command.witness() == null || command.witness().isBlank())) {
            throw new DomainRuleViolation("consent-witness-required", "A verbal consent needs a witness.");
        }
        if (command.language() == null || command.language().isBlank()) {
            throw new DomainRuleViolation("consent-language-required", "The language the consent was given in must be recorded.");
        }
        apply(new ConsentRecordedEvent(command.consentId(), command.survivorRef(), command.recordingAgency(),
                command.granteeAgency(), Set.copyOf(command.purposes()), Set.copyOf(command.categories()),
                command.validFrom(), command.validUntil(), command.method(), command.witness(), command.language(),
                command.recordedBy(), command.supersedes(), command.recordedAt()));
        deadlines.schedule(command.validUntil(), EXPIRY_DEADLINE);
    }

    @CommandHandler
    public void handle(WithdrawConsentCommand command) {
        if (state != State.GIVEN) {
            throw new DomainRuleViolation("consent-not-given", "Only a given consent can be withdrawn.");
        }
        if (!command.withdrawnAt().isBefore(validUntil)) {
            throw new DomainRuleViolation("consent-expired", "This consent's period is over; it permits nothing to withdraw.");
        }
        apply(new ConsentWithdrawnEvent(consentId, survivorRef, recordingAgency, granteeAgency, command.recordedBy(),
                command.withdrawnAt()));
    }

    @CommandHandler
    public void handle(ExpireConsentCommand command) {
        expireIfDue(command.now());
    }

    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    void onExpiryDeadline() {
        expireIfDue(validUntil);
    }

    @CommandHandler
    public void handle(SupersedeConsentCommand command) {
        if (state != State.GIVEN) {
            return; // a consent already ended needs no superseding
        }
        apply(new ConsentSupersededEvent(consentId, survivorRef, recordingAgency, granteeAgency,
                command.supersededBy(), command.supersededAt()));
    }

    private void expireIfDue(Instant now) {
        if (state == State.GIVEN && !now.isBefore(validUntil)) {
            apply(new ConsentExpiredEvent(consentId, survivorRef, recordingAgency, granteeAgency, validUntil));
        }
    }

    @EventSourcingHandler
    void on(ConsentRecordedEvent event) {
        consentId = event.consentId();
        survivorRef = event.survivorRef();
        recordingAgency = event.recordingAgency();
        granteeAgency = event.granteeAgency();
        validUntil = event.validUntil();
        state = State.GIVEN;
    }

    @EventSourcingHandler
    void on(ConsentWithdrawnEvent event) {
        state = State.WITHDRAWN;
    }

    @EventSourcingHandler
    void on(ConsentExpiredEvent event) {
        state = State.EXPIRED;
    }

    @EventSourcingHandler
    void on(ConsentSupersededEvent event) {
        state = State.SUPERSEDED;
    }
}
