package org.saferwayout.alert.investigation.model;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.alert.investigation.api.InvestigationCommands.CloseInvestigationCommand;
import org.saferwayout.alert.investigation.api.InvestigationCommands.OpenInvestigationCommand;
import org.saferwayout.alert.investigation.api.InvestigationCommands.RecordEvidenceCommand;
import org.saferwayout.alert.investigation.api.InvestigationCommands.RecordInvestigativeNoteCommand;
import org.saferwayout.alert.investigation.api.InvestigationCommands.RecordOffenderCommand;
import org.saferwayout.alert.investigation.api.InvestigationEvents.EvidenceRecordedEvent;
import org.saferwayout.alert.investigation.api.InvestigationEvents.InvestigationClosedEvent;
import org.saferwayout.alert.investigation.api.InvestigationEvents.InvestigationOpenedEvent;
import org.saferwayout.alert.investigation.api.InvestigationEvents.InvestigativeNoteRecordedEvent;
import org.saferwayout.alert.investigation.api.InvestigationEvents.OffenderRecordedEvent;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An ALERT investigation: offenders, evidence and notes, recorded while it is open. */
@Aggregate
public class Investigation {

    @AggregateIdentifier
    private String investigationId;
    private boolean closed;

    protected Investigation() {
        // for Axon
    }

    @CommandHandler
    public Investigation(OpenInvestigationCommand command) {
        apply(new InvestigationOpenedEvent(command.investigationId(), command.openedBy(), command.openedAt()));
    }

    @CommandHandler
    public void handle(RecordOffenderCommand command) {
        requireOpen();
        apply(new OffenderRecordedEvent(investigationId, command.offenderId(), command.description(),
                command.recordedBy(), command.recordedAt()));
    }

    @CommandHandler
    public void handle(RecordEvidenceCommand command) {
        requireOpen();
        apply(new EvidenceRecordedEvent(investigationId, command.evidenceId(), command.description(),
                command.recordedBy(), command.recordedAt()));
    }

    @CommandHandler
    public void handle(RecordInvestigativeNoteCommand command) {
        requireOpen();
        apply(new InvestigativeNoteRecordedEvent(investigationId, command.note(), command.recordedBy(),
                command.recordedAt()));
    }

    @CommandHandler
    public void handle(CloseInvestigationCommand command) {
        requireOpen();
        apply(new InvestigationClosedEvent(investigationId, command.closedBy(), command.closedAt()));
    }

    private void requireOpen() {
        if (closed) {
            throw new DomainRuleViolation("investigation-closed", "A closed investigation takes no more records.");
        }
    }

    @EventSourcingHandler
    void on(InvestigationOpenedEvent event) {
        investigationId = event.investigationId();
    }

    @EventSourcingHandler
    void on(InvestigationClosedEvent event) {
        closed = true;
    }
}
