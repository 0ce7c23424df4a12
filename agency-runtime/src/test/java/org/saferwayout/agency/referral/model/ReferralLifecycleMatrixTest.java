package org.saferwayout.agency.referral.model;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ActOnIncomingReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.IncomingReferralStatusChangedEvent;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralArrivedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.ActOnOutgoingReferralCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.OutgoingReferralStatusChangedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.saferwayout.agency.supportcase.model.SupportCase;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.saferwayout.agency.referral.model.ExpectedReferralLifecycle.ALLOWED;
import static org.saferwayout.agency.referral.model.ExpectedReferralLifecycle.REQUESTER_ACTIONS;
import static org.saferwayout.agency.referral.model.ExpectedReferralLifecycle.VALID_REASON;
import static org.saferwayout.agency.testapp.DomainRuleViolations.violationOf;
import static org.saferwayout.events.ReferralStatus.ACCEPTED;
import static org.saferwayout.events.ReferralStatus.CANCELLED;
import static org.saferwayout.events.ReferralStatus.COMPLETED;
import static org.saferwayout.events.ReferralStatus.DECLINED;
import static org.saferwayout.events.ReferralStatus.EXPIRED;
import static org.saferwayout.events.ReferralStatus.FAILED;
import static org.saferwayout.events.ReferralStatus.IN_PROGRESS;
import static org.saferwayout.events.ReferralStatus.ON_HOLD;
import static org.saferwayout.events.ReferralStatus.RECEIVED;
import static org.saferwayout.events.ReferralStatus.REQUESTED;

/**
 * Every referral status × acting side × action, on both aggregates: the allowed transitions (written out
 * by hand in {@link ExpectedReferralLifecycle}, independently of {@link ReferralAction}'s table) succeed with the expected event, and
 * every other combination is refused with a named rule and no event.
 */
class ReferralLifecycleMatrixTest {

    private static final String CASE_ID = "5f0c9a4e-0d7e-4c1e-9a56-2b7f3f1f0a01";
    private static final String REFERRAL_ID = "0b7f5d1c-9a34-4f0e-8f55-7d6c2a9e1b02";
    private static final SurvivorRef SURVIVOR = new SurvivorRef("SR-0123456789ABCDEFGHJKMNPQRS");
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant ACTED_AT = AT.plusSeconds(600);

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (ReferralStatus status : ReferralStatus.values()) {
            for (ReferralSide side : ReferralSide.values()) {
                for (ReferralAction action : ReferralAction.values()) {
                    cases.add(Arguments.of(status, side, action, ExpectedReferralLifecycle.isAllowed(side, action, status)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} × {1} × {2} → allowed={3}")
    @MethodSource("matrix")
    void everyTransitionIsAllowedOrRefusedAsTheLifecycleSays(ReferralStatus status, ReferralSide side,
                                                             ReferralAction action, boolean allowed) {
        ReferralStatusReason reason = VALID_REASON.get(action);
        if (side == ReferralSide.REQUESTER) {
            var fixture = new AggregateTestFixture<>(SupportCase.class);
            fixture.registerInjectableResource(AcknowledgementDeadlines.DEFAULT);
            var result = fixture.given(requesterHistory(status))
                    .when(new ActOnOutgoingReferralCommand(CASE_ID, REFERRAL_ID, action, reason, "coordinator-1", ACTED_AT));
            if (allowed) {
                result.expectEvents(new OutgoingReferralStatusChangedEvent(CASE_ID, REFERRAL_ID, SURVIVOR, AgencyId.ALERT,
                        AgencyId.CEASE, action.result(), reason, ReferralSide.REQUESTER, "coordinator-1", ACTED_AT));
            } else {
                result.expectException(violationOf(refusal(side, action, status))).expectNoEvents();
            }
        } else {
            var fixture = new AggregateTestFixture<>(IncomingReferral.class);
            var result = fixture.given(recipientHistory(status))
                    .when(new ActOnIncomingReferralCommand(REFERRAL_ID, action, reason, "intake-1", ACTED_AT));
            if (allowed) {
                result.expectEvents(new IncomingReferralStatusChangedEvent(REFERRAL_ID, CASE_ID, SURVIVOR,
                        AgencyId.ALERT, AgencyId.CEASE, action.result(), reason, ReferralSide.RECIPIENT, "intake-1",
                        ACTED_AT));
            } else {
                result.expectException(violationOf(refusal(side, action, status))).expectNoEvents();
            }
        }
    }

    @ParameterizedTest(name = "{0}: a reason is required, and only a coded one of its own")
    @MethodSource("actionsNeedingAReason")
    void anActionThatNeedsAReasonIsRefusedWithoutOneOrWithAForeignOne(ReferralAction action) {
        var fixture = new AggregateTestFixture<>(IncomingReferral.class);
        ReferralStatus from = ALLOWED.get(action).iterator().next();
        fixture.given(recipientHistory(from))
                .when(new ActOnIncomingReferralCommand(REFERRAL_ID, action, null, "intake-1", ACTED_AT))
                .expectException(violationOf("referral-reason-invalid")).expectNoEvents();
        fixture.given(recipientHistory(from))
                .when(new ActOnIncomingReferralCommand(REFERRAL_ID, action, ReferralStatusReason.REROUTED, "intake-1", ACTED_AT))
                .expectException(violationOf("referral-reason-invalid")).expectNoEvents();
    }

    static Stream<ReferralAction> actionsNeedingAReason() {
        return Stream.of(ReferralAction.DECLINE, ReferralAction.HOLD, ReferralAction.COMPLETE, ReferralAction.FAIL);
    }

    private static String refusal(ReferralSide side, ReferralAction action, ReferralStatus status) {
        boolean sidesAction = (side == ReferralSide.REQUESTER) == REQUESTER_ACTIONS.contains(action);
        if (!sidesAction) {
            return "referral-action-not-for-this-side";
        }
        if (!ALLOWED.get(action).contains(status) && action != ReferralAction.EXPIRE) {
            return "referral-transition-not-allowed";
        }
        return action == ReferralAction.EXPIRE && ReferralAction.EXPIRE.allowedFrom(status)
                ? "referral-expiry-is-automatic" : "referral-transition-not-allowed";
    }

    private static Object[] requesterHistory(ReferralStatus status) {
        List<Object> events = new ArrayList<>(List.of(
                new SupportCaseOpenedEvent(CASE_ID, SURVIVOR, AgencyId.ALERT, "coordinator-1", AT),
                new ReferralRequestedEvent(CASE_ID, REFERRAL_ID, SURVIVOR, AgencyId.ALERT, AgencyId.CEASE,
                        SupportService.EXIT_SUPPORT, null, ReferralUrgency.URGENT, "coordinator-1", AT,
                        AT.plusSeconds(86_400), null, null, null)));
        if (status != REQUESTED) {
            events.add(new OutgoingReferralStatusChangedEvent(CASE_ID, REFERRAL_ID, SURVIVOR, AgencyId.ALERT,
                    AgencyId.CEASE, status, null, ReferralSide.RECIPIENT, "agency:cease", AT.plusSeconds(60)));
        }
        return events.toArray();
    }

    private static Object[] recipientHistory(ReferralStatus status) {
        List<Object> events = new ArrayList<>(List.of(new ReferralArrivedEvent(REFERRAL_ID, CASE_ID, SURVIVOR,
                AgencyId.ALERT, AgencyId.CEASE, SupportService.EXIT_SUPPORT, ReferralUrgency.URGENT, null, AT, AT)));
        if (status != REQUESTED) {
            events.add(new IncomingReferralStatusChangedEvent(REFERRAL_ID, CASE_ID, SURVIVOR, AgencyId.ALERT,
                    AgencyId.CEASE, status, null, ReferralSide.RECIPIENT, "intake-1", AT.plusSeconds(60)));
        }
        return events.toArray();
    }
}
