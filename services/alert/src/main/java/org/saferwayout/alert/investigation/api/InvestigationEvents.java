package org.saferwayout.alert.investigation.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Investigation events: kept in ALERT's private store, never published. */
public final class InvestigationEvents {

    private InvestigationEvents() {
    }

    @Revision("1")
    public record InvestigationOpenedEvent(String investigationId, String openedBy, Instant openedAt) {
    }

    @Revision("1")
    public record OffenderRecordedEvent(String investigationId, String offenderId, String description,
                                        String recordedBy, Instant recordedAt) {
        @Override
        public String toString() {
            return "OffenderRecordedEvent[" + investigationId + "]";
        }
    }

    @Revision("1")
    public record EvidenceRecordedEvent(String investigationId, String evidenceId, String description,
                                        String recordedBy, Instant recordedAt) {
        @Override
        public String toString() {
            return "EvidenceRecordedEvent[" + investigationId + "]";
        }
    }

    @Revision("1")
    public record InvestigativeNoteRecordedEvent(String investigationId, String note, String recordedBy,
                                                 Instant recordedAt) {
        @Override
        public String toString() {
            return "InvestigativeNoteRecordedEvent[" + investigationId + "]";
        }
    }

    @Revision("1")
    public record InvestigationClosedEvent(String investigationId, String closedBy, Instant closedAt) {
    }
}
