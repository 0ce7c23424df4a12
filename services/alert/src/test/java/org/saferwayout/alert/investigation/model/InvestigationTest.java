package org.saferwayout.alert.investigation.model;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

import java.time.Instant;

class InvestigationTest {

    private static final String ID = "inv-1";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private AggregateTestFixture<Investigation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Investigation.class);
    }

    @Test
    void openingRecordsTheInvestigation() {
        fixture.givenNoPriorActivity().when(new OpenInvestigationCommand(ID, "det-1", AT))
                .expectEvents(new InvestigationOpenedEvent(ID, "det-1", AT));
    }

    @Test
    void anOpenInvestigationRecordsOffendersEvidenceAndNotes() {
        fixture.given(new InvestigationOpenedEvent(ID, "det-1", AT))
                .when(new RecordOffenderCommand(ID, "off-1", "description", "det-1", AT))
                .expectEvents(new OffenderRecordedEvent(ID, "off-1", "description", "det-1", AT));
        fixture.given(new InvestigationOpenedEvent(ID, "det-1", AT))
                .when(new RecordEvidenceCommand(ID, "ev-1", "description", "det-1", AT))
                .expectEvents(new EvidenceRecordedEvent(ID, "ev-1", "description", "det-1", AT));
        fixture.given(new InvestigationOpenedEvent(ID, "det-1", AT))
                .when(new RecordInvestigativeNoteCommand(ID, "note", "det-1", AT))
                .expectEvents(new InvestigativeNoteRecordedEvent(ID, "note", "det-1", AT));
        fixture.given(new InvestigationOpenedEvent(ID, "det-1", AT))
                .when(new CloseInvestigationCommand(ID, "det-1", AT))
                .expectEvents(new InvestigationClosedEvent(ID, "det-1", AT));
    }

    @Test
    void aClosedInvestigationRefusesRecords() {
        fixture.given(new InvestigationOpenedEvent(ID, "det-1", AT), new InvestigationClosedEvent(ID, "det-1", AT))
                .when(new RecordEvidenceCommand(ID, "ev-1", "description", "det-1", AT))
                .expectException(DomainRuleViolation.class).expectNoEvents();
        fixture.given(new InvestigationOpenedEvent(ID, "det-1", AT), new InvestigationClosedEvent(ID, "det-1", AT))
                .when(new CloseInvestigationCommand(ID, "det-1", AT))
                .expectException(DomainRuleViolation.class).expectNoEvents();
    }
}
