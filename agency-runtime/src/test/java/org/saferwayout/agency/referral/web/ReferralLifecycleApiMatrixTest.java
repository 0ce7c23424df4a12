package org.saferwayout.agency.referral.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.EventStoreRows;
import javax.sql.DataSource;
import org.saferwayout.agency.referral.model.ExpectedReferralLifecycle;
import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.ReferralStatusReason;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The lifecycle matrix through the API: for each status a side can see, every action of either side is
 * tried on the endpoint of that side. Allowed ones answer 200 with the new status; every other one is a
 * 409 problem+json naming the rule, and the referral's status is unchanged afterwards (a refusal writes
 * nothing). Each allowed transition reaches the other side as one status change on the exchange. ALERT plays the recipient (referrals from CEASE arrive through the exchange) and the requester
 * (its own case; CEASE's answers arrive through the exchange). Expiry is the deadline's alone: it is
 * covered by ReferralDeadlineTest, so the requester's EXPIRED row is left out here.
 */
@AgencyRuntimeTest
class ReferralLifecycleApiMatrixTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Map<ReferralStatus, List<ReferralStatus>> CEASE_ANSWERS = Map.of(
            ReferralStatus.REQUESTED, List.of(),
            ReferralStatus.RECEIVED, List.of(ReferralStatus.RECEIVED),
            ReferralStatus.ACCEPTED, List.of(ReferralStatus.ACCEPTED),
            ReferralStatus.DECLINED, List.of(ReferralStatus.DECLINED),
            ReferralStatus.IN_PROGRESS, List.of(ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS),
            ReferralStatus.ON_HOLD, List.of(ReferralStatus.ACCEPTED, ReferralStatus.ON_HOLD),
            ReferralStatus.COMPLETED, List.of(ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED),
            ReferralStatus.FAILED, List.of(ReferralStatus.ACCEPTED, ReferralStatus.FAILED));

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;

    private int checked;

    @Test
    void theRecipientsEndpointAllowsExactlyTheRecipientsTransitions() throws Exception {
        for (ReferralStatus status : ReferralStatus.values()) {
            Incoming refusedOn = incomingIn(status);
            long eventsBefore = privateEventsOf("incoming-referral:" + refusedOn.id);
            for (ReferralAction action : ReferralAction.values()) {
                if (ExpectedReferralLifecycle.isAllowed(ReferralSide.RECIPIENT, action, status)) {
                    Incoming referral = incomingIn(status);
                    expectAllowed(perform(inboxAction(referral.id, action)), action);
                    await().atMost(PATIENCE).until(() -> action.result().name().equals(inboxStatus(referral.id)));
                    awaitStatusChangeOnTheExchange(referral.id, AgencyId.CEASE, action.result());
                } else {
                    expectRefused(perform(inboxAction(refusedOn.id, action)), status, action);
                }
            }
            assertThat(privateEventsOf("incoming-referral:" + refusedOn.id)).as("refusals write nothing").isEqualTo(eventsBefore);
            assertThat(inboxStatus(refusedOn.id)).isEqualTo(status.name());
        }
        assertThat(checked).isEqualTo(ReferralStatus.values().length * ReferralAction.values().length);
    }

    @Test
    void theRequestersEndpointAllowsOnlyCancellingAnOpenReferral() throws Exception {
        int rows = 0;
        for (ReferralStatus status : ReferralStatus.values()) {
            if (status == ReferralStatus.EXPIRED) {
                continue;
            }
            rows++;
            Outgoing refusedOn = outgoingIn(status);
            long eventsBefore = privateEventsOf(refusedOn.caseId);
            for (ReferralAction action : ReferralAction.values()) {
                if (ExpectedReferralLifecycle.isAllowed(ReferralSide.REQUESTER, action, status)) {
                    Outgoing referral = outgoingIn(status);
                    expectAllowed(perform(caseAction(referral, action)), action);
                    await().atMost(PATIENCE).until(() -> action.result().name().equals(caseReferralStatus(referral)));
                    awaitStatusChangeOnTheExchange(referral.id, AgencyId.CEASE, action.result());
                } else {
                    expectRefused(perform(caseAction(refusedOn, action)), status, action);
                }
            }
            assertThat(privateEventsOf(refusedOn.caseId)).as("refusals write nothing").isEqualTo(eventsBefore);
            assertThat(caseReferralStatus(refusedOn)).isEqualTo(status.name());
        }
        assertThat(checked).isEqualTo(rows * ReferralAction.values().length);
    }

    private long privateEventsOf(String aggregateId) {
        return new EventStoreRows(privateDataSource, jdbcExchange).privateRows().stream()
                .filter(row -> aggregateId.equals(row.aggregateIdentifier())).count();
    }

    /** Each transition reaches the other side: one status change, addressed to it, on the exchange. */
    private void awaitStatusChangeOnTheExchange(String referralId, AgencyId addressee, ReferralStatus status) {
        EventStoreRows rows = new EventStoreRows(privateDataSource, jdbcExchange);
        await().atMost(PATIENCE).until(() -> rows.exchangeRows().stream()
                .filter(row -> row.payloadType().equals(ReferralStatusChanged.class.getName()))
                .map(row -> readTree(row.payload()))
                .filter(change -> change.get("referralId").asText().equals(referralId))
                .filter(change -> change.get("sourceAgency").asText().equals("alert"))
                .filter(change -> change.get("recipientAgency").asText().equals(addressee.code()))
                .filter(change -> change.get("status").asText().equals(status.name()))
                .count() == 1);
    }

    private JsonNode readTree(String payload) {
        try {
            return json.readTree(payload);
        } catch (java.io.IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private void expectAllowed(MockHttpServletResponse response, ReferralAction action) throws Exception {
        checked++;
        assertThat(response.getStatus()).as(action + ": " + response.getContentAsString()).isEqualTo(200);
        assertThat(json.readTree(response.getContentAsString()).get("status").asText()).isEqualTo(action.result().name());
    }

    private void expectRefused(MockHttpServletResponse response, ReferralStatus status, ReferralAction action)
            throws Exception {
        checked++;
        String what = status + " × " + action + ": " + response.getContentAsString();
        assertThat(response.getStatus()).as(what).isEqualTo(409);
        assertThat(response.getContentType()).as(what).startsWith("application/problem+json");
        assertThat(json.readTree(response.getContentAsString()).get("type").asText()).as(what)
                .startsWith("urn:saferwayout:problem:referral-");
    }

    // The recipient side: referrals from CEASE to ALERT.

    private record Incoming(String id, String requesterCase, SurvivorRef survivor) {
    }

    private Incoming incomingIn(ReferralStatus status) throws Exception {
        Incoming referral = new Incoming(UUID.randomUUID().toString(), UUID.randomUUID().toString(), SurvivorRef.issue());
        exchange.publish(new ReferralRequested(UUID.randomUUID(), referral.id, referral.requesterCase, referral.survivor,
                AgencyId.CEASE, AgencyId.ALERT, SupportService.COURT_SUPPORT, ReferralUrgency.URGENT, now(), null, null));
        await().atMost(PATIENCE).until(() -> "REQUESTED".equals(inboxStatus(referral.id)));
        if (status == ReferralStatus.CANCELLED || status == ReferralStatus.EXPIRED) {
            exchange.publish(new ReferralStatusChanged(UUID.randomUUID(), referral.id, referral.requesterCase,
                    referral.survivor, AgencyId.CEASE, AgencyId.ALERT, status, status == ReferralStatus.CANCELLED
                    ? ReferralStatusReason.NO_LONGER_NEEDED : ReferralStatusReason.NOT_ACKNOWLEDGED_IN_TIME, now()));
            await().atMost(PATIENCE).until(() -> status.name().equals(inboxStatus(referral.id)));
            return referral;
        }
        for (ReferralAction step : ExpectedReferralLifecycle.RECIPIENT_PATH.get(status)) {
            assertThat(perform(inboxAction(referral.id, step)).getStatus()).isEqualTo(200);
        }
        await().atMost(PATIENCE).until(() -> status.name().equals(inboxStatus(referral.id)));
        return referral;
    }

    private MockHttpServletRequestBuilder inboxAction(String referralId, ReferralAction action) {
        return withReason(post("/api/referrals/inbox/{id}/actions/{action}", referralId, action.name())
                .with(Tokens.of("alert", "INTAKE_WORKER")), action);
    }

    private String inboxStatus(String referralId) throws Exception {
        MockHttpServletResponse response = perform(get("/api/referrals/inbox/{id}", referralId)
                .with(Tokens.of("alert", "INTAKE_WORKER")));
        return response.getStatus() == 200 ? json.readTree(response.getContentAsString()).get("status").asText() : null;
    }

    // The requester side: ALERT's case, referred to CEASE.

    private record Outgoing(String caseId, String id, SurvivorRef survivor) {
    }

    private Outgoing outgoingIn(ReferralStatus status) throws Exception {
        JsonNode opened = json.readTree(perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).getContentAsString());
        String caseId = opened.get("caseId").asText();
        JsonNode requested = json.readTree(perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\"}"))
                .getContentAsString());
        Outgoing referral = new Outgoing(caseId, requested.get("referralId").asText(),
                new SurvivorRef(opened.get("survivorRef").asText()));
        await().atMost(PATIENCE).until(() -> "REQUESTED".equals(caseReferralStatus(referral)));
        if (status == ReferralStatus.CANCELLED) {
            assertThat(perform(caseAction(referral, ReferralAction.CANCEL)).getStatus()).isEqualTo(200);
        }
        for (ReferralStatus answer : CEASE_ANSWERS.getOrDefault(status, List.of())) {
            exchange.publish(new ReferralStatusChanged(UUID.randomUUID(), referral.id, caseId, referral.survivor,
                    AgencyId.CEASE, AgencyId.ALERT, answer, reasonFor(answer), now()));
        }
        await().atMost(PATIENCE).until(() -> status.name().equals(caseReferralStatus(referral)));
        return referral;
    }

    private static ReferralStatusReason reasonFor(ReferralStatus answer) {
        return ReferralAction.leadingTo(answer).map(ExpectedReferralLifecycle.VALID_REASON::get).orElse(null);
    }

    private MockHttpServletRequestBuilder caseAction(Outgoing referral, ReferralAction action) {
        return withReason(post("/api/cases/{caseId}/referrals/{id}/actions/{action}", referral.caseId, referral.id,
                action.name()).with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")), action);
    }

    private String caseReferralStatus(Outgoing referral) throws Exception {
        MockHttpServletResponse response = perform(get("/api/cases/{id}", referral.caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")));
        if (response.getStatus() != 200) {
            return null; // the case's read model has not caught up yet
        }
        JsonNode view = json.readTree(response.getContentAsString());
        List<String> statuses = new ArrayList<>();
        view.get("referrals").forEach(r -> {
            if (r.get("referralId").asText().equals(referral.id)) {
                statuses.add(r.get("status").asText());
            }
        });
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    private static MockHttpServletRequestBuilder withReason(MockHttpServletRequestBuilder request, ReferralAction action) {
        ReferralStatusReason reason = ExpectedReferralLifecycle.VALID_REASON.get(action);
        return reason == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"" + reason + "\"}");
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
