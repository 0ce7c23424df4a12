package org.saferwayout.agency.referral.model;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ActOnIncomingReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ReceiveReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.IncomingReferralStatusChangedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralArrivedEvent;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;

import static org.saferwayout.agency.testapp.DomainRuleViolations.violationOf;

class IncomingReferralTest {

    private static final String REFERRAL_ID = "0b7f5d1c-9a34-4f0e-8f55-7d6c2a9e1b02";
    private static final String REQUESTER_CASE = "5f0c9a4e-0d7e-4c1e-9a56-2b7f3f1f0a01";
    private static final SurvivorRef SURVIVOR = SurvivorRef.issue();
    private static final Instant REQUESTED_AT = Instant.parse("2025-03-01T10:05:00Z");
    private static final Instant RECEIVED_AT = Instant.parse("2025-03-01T10:05:01Z");
    private static final Instant ACCEPTED_AT = Instant.parse("2025-03-01T11:00:00Z");

    private AggregateTestFixture<IncomingReferral> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IncomingReferral.class);
    }

    private static ReceiveReferralCommand receive(Instant receivedAt) {
        return new ReceiveReferralCommand(REFERRAL_ID, REQUESTER_CASE, SURVIVOR, AgencyId.ALERT, AgencyId.CEASE,
                SupportService.EXIT_SUPPORT, ReferralUrgency.IMMEDIATE, null, REQUESTED_AT, receivedAt);
    }

    private static ReferralArrivedEvent received() {
        return new ReferralArrivedEvent(REFERRAL_ID, REQUESTER_CASE, SURVIVOR, AgencyId.ALERT, AgencyId.CEASE,
                SupportService.EXIT_SUPPORT, ReferralUrgency.IMMEDIATE, null, REQUESTED_AT, RECEIVED_AT);
    }

    private static IncomingReferralStatusChangedEvent accepted() {
        return new IncomingReferralStatusChangedEvent(REFERRAL_ID, REQUESTER_CASE, SURVIVOR, AgencyId.ALERT,
                AgencyId.CEASE, ReferralStatus.ACCEPTED, null, ReferralSide.RECIPIENT, "intake-7", ACCEPTED_AT);
    }

    private static ActOnIncomingReferralCommand accept(String by, Instant at) {
        return new ActOnIncomingReferralCommand(REFERRAL_ID, ReferralAction.ACCEPT, null, by, at);
    }

    @Test
    void receivingAReferralCreatesItInTheRecipientsStore() {
        fixture.givenNoPriorActivity()
                .when(receive(RECEIVED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(received());
    }

    @Test
    void receivingTheSameReferralAgainIsANoOp() {
        fixture.given(received())
                .when(receive(RECEIVED_AT.plusSeconds(30)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void receivingAgainAfterAcceptanceIsANoOp() {
        fixture.given(received(), accepted())
                .when(receive(RECEIVED_AT.plusSeconds(30)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void acceptingAReceivedReferralRecordsWhoAcceptedItAndKeepsTheRequestersReferences() {
        fixture.given(received())
                .when(accept("intake-7", ACCEPTED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(accepted());
    }

    @Test
    void acceptingTwiceIsRefused() {
        fixture.given(received(), accepted())
                .when(accept("intake-8", ACCEPTED_AT.plusSeconds(5)))
                .expectException(DomainRuleViolation.class)
                .expectException(violationOf("referral-transition-not-allowed"))
                .expectNoEvents();
    }

    @Test
    void acceptingAReferralThatWasNeverReceivedFailsAsNotFound() {
        fixture.givenNoPriorActivity()
                .when(accept("intake-7", ACCEPTED_AT))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
