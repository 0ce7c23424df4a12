package org.saferwayout.agency.supportcase.model;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.referral.model.AcknowledgementDeadlines;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RecordRecipientStatusCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RequestReferralCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.OutgoingReferralStatusChangedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralEscalatedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Duration;
import java.time.Instant;

/**
 * Acknowledgement deadlines with Axon's deadline support: an unacknowledged referral escalates to the
 * requester's supervisors when its window (by urgency) ends, and expires when a second window passes; an
 * acknowledged one does neither.
 */
class ReferralDeadlineTest {

    private static final String CASE_ID = "5f0c9a4e-0d7e-4c1e-9a56-2b7f3f1f0a01";
    private static final String REFERRAL_ID = "0b7f5d1c-9a34-4f0e-8f55-7d6c2a9e1b02";
    private static final SurvivorRef SURVIVOR = new SurvivorRef("SR-0123456789ABCDEFGHJKMNPQRS");

    private AggregateTestFixture<SupportCase> fixture;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SupportCase.class);
        fixture.registerInjectableResource(AcknowledgementDeadlines.DEFAULT);
        now = fixture.currentTime();
    }

    private SupportCaseOpenedEvent opened() {
        return new SupportCaseOpenedEvent(CASE_ID, SURVIVOR, AgencyId.ALERT, "coordinator-1", now);
    }

    private RequestReferralCommand request(ReferralUrgency urgency) {
        return new RequestReferralCommand(CASE_ID, REFERRAL_ID, AgencyId.CEASE, SupportService.EXIT_SUPPORT, null,
                urgency, "coordinator-1", now, null, false, null, null);
    }

    private ReferralEscalatedEvent escalated(ReferralUrgency urgency, Duration window) {
        return new ReferralEscalatedEvent(CASE_ID, REFERRAL_ID, SURVIVOR, AgencyId.CEASE, urgency, now.plus(window),
                now.plus(window.multipliedBy(2)));
    }

    @Test
    void anImmediateReferralIsNotEscalatedBeforeItsHourIsUp() {
        fixture.given(opened()).andGivenCommands(request(ReferralUrgency.IMMEDIATE))
                .whenTimeElapses(Duration.ofMinutes(59))
                .expectNoEvents()
                .expectScheduledDeadlineWithName(Duration.ofMinutes(1), SupportCase.ACKNOWLEDGEMENT_DUE);
    }

    @Test
    void anUnacknowledgedImmediateReferralEscalatesAfterOneHourAndSchedulesItsExpiry() {
        fixture.given(opened()).andGivenCommands(request(ReferralUrgency.IMMEDIATE))
                .whenTimeElapses(Duration.ofHours(1))
                .expectEvents(escalated(ReferralUrgency.IMMEDIATE, Duration.ofHours(1)))
                .expectScheduledDeadlineWithName(Duration.ofHours(1), SupportCase.EXPIRY_DUE);
    }

    @Test
    void anUnacknowledgedUrgentReferralEscalatesAfter24HoursAndExpiresAfterAnother24() {
        fixture.given(opened()).andGivenCommands(request(ReferralUrgency.URGENT))
                .whenTimeElapses(Duration.ofHours(48))
                .expectEvents(escalated(ReferralUrgency.URGENT, Duration.ofHours(24)),
                        new OutgoingReferralStatusChangedEvent(CASE_ID, REFERRAL_ID, SURVIVOR, AgencyId.ALERT,
                                AgencyId.CEASE, ReferralStatus.EXPIRED, ReferralStatusReason.NOT_ACKNOWLEDGED_IN_TIME,
                                ReferralSide.REQUESTER, "deadline", now.plus(Duration.ofHours(48))));
    }

    @Test
    void aRoutineReferralHas72Hours() {
        fixture.given(opened()).andGivenCommands(request(ReferralUrgency.ROUTINE))
                .whenTimeElapses(Duration.ofHours(71))
                .expectNoEvents();
    }

    @Test
    void anAcknowledgedReferralNeitherEscalatesNorExpires() {
        fixture.given(opened()).andGivenCommands(request(ReferralUrgency.URGENT),
                        new RecordRecipientStatusCommand(CASE_ID, REFERRAL_ID, AgencyId.CEASE, ReferralStatus.RECEIVED,
                                null, now.plusSeconds(60)))
                .whenTimeElapses(Duration.ofHours(100))
                .expectNoEvents();
    }

    @Test
    void theWindowsAreConfigurable() {
        fixture = new AggregateTestFixture<>(SupportCase.class);
        fixture.registerInjectableResource(new AcknowledgementDeadlines(Duration.ofMinutes(15), Duration.ofHours(4),
                Duration.ofHours(8)));
        now = fixture.currentTime();
        fixture.given(opened()).andGivenCommands(request(ReferralUrgency.URGENT))
                .whenTimeElapses(Duration.ofHours(4))
                .expectEvents(escalated(ReferralUrgency.URGENT, Duration.ofHours(4)));
    }
}
