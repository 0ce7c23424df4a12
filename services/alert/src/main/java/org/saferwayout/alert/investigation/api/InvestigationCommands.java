package org.saferwayout.alert.investigation.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Commands of an ALERT investigation. Deliberately free of any network type: none of this can be shared. */
public final class InvestigationCommands {

    private InvestigationCommands() {
    }

    public record OpenInvestigationCommand(@TargetAggregateIdentifier String investigationId, String openedBy,
                                           Instant openedAt) {
    }

    public record RecordOffenderCommand(@TargetAggregateIdentifier String investigationId, String offenderId,
                                        String description, String recordedBy, Instant recordedAt) {
    }

    public record RecordEvidenceCommand(@TargetAggregateIdentifier String investigationId, String evidenceId,
                                        String description, String recordedBy, Instant recordedAt) {
    }

    public record RecordInvestigativeNoteCommand(@TargetAggregateIdentifier String investigationId, String note,
                                                 String recordedBy, Instant recordedAt) {
    }

    public record CloseInvestigationCommand(@TargetAggregateIdentifier String investigationId, String closedBy,
                                            Instant closedAt) {
    }
}
