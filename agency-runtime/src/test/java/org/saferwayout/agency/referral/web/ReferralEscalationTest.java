package org.saferwayout.agency.referral.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.ReferralStatusChanged;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The acknowledgement deadline end to end, through the database-backed deadline manager, with a window of
 * seconds: an unanswered referral shows overdue and is escalated to the requester's supervisors, then
 * expires, the expiry reaches the recipient through the exchange, and a re-route replaces it.
 */
@AgencyRuntimeTest
@TestPropertySource(properties = {"swo.referral.acknowledgement.immediate=PT3S", "db-scheduler.polling-interval=1s"})
class ReferralEscalationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;

    @Test
    void anUnansweredReferralEscalatesToSupervisorsThenExpiresAndCanBeRerouted() throws Exception {
        String caseId = json.readTree(mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getContentAsString())
                .get("caseId").asText();
        String referralId = json.readTree(mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"IMMEDIATE\"}"))
                .andReturn().getResponse().getContentAsString()).get("referralId").asText();

        await().atMost(PATIENCE).until(() -> {
            JsonNode referral = referral(caseId, referralId);
            return referral != null && referral.get("escalated").asBoolean() && referral.get("overdue").asBoolean();
        });
        String notifications = mvc.perform(get("/api/supervisor/notifications").with(Tokens.of("alert", "SUPERVISOR")))
                .andReturn().getResponse().getContentAsString();
        assertThat(notifications).contains("REFERRAL_ESCALATED").contains(referralId);

        await().atMost(PATIENCE).until(() -> "EXPIRED".equals(referral(caseId, referralId).get("status").asText()));
        assertThat(referral(caseId, referralId).get("statusReason").asText()).isEqualTo("NOT_ACKNOWLEDGED_IN_TIME");
        EventStoreRows rows = new EventStoreRows(privateDataSource, jdbcExchange);
        await().atMost(PATIENCE).until(() -> rows.exchangeRows().stream()
                .filter(row -> row.payloadType().equals(ReferralStatusChanged.class.getName()))
                .anyMatch(row -> row.payload().contains(referralId) && row.payload().contains("\"EXPIRED\"")));

        String rerouted = json.readTree(mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"recipientAgency\":\"reach\",\"service\":\"EMOTIONAL_SUPPORT\",\"urgency\":\"URGENT\","
                        + "\"reroutesReferralId\":\"" + referralId + "\"}"))
                .andReturn().getResponse().getContentAsString()).get("referralId").asText();
        await().atMost(PATIENCE).until(() -> referral(caseId, rerouted) != null);
        assertThat(referral(caseId, rerouted).get("reroutedFrom").asText()).isEqualTo(referralId);
        assertThat(referral(caseId, referralId).get("status").asText()).isEqualTo("EXPIRED");
    }

    private JsonNode referral(String caseId, String referralId) throws Exception {
        JsonNode view = json.readTree(mvc.perform(get("/api/cases/{id}", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))).andReturn().getResponse().getContentAsString());
        if (!view.has("referrals")) {
            return null; // the case's read model has not caught up yet
        }
        for (JsonNode referral : view.get("referrals")) {
            if (referral.get("referralId").asText().equals(referralId)) {
                return referral;
            }
        }
        return null;
    }
}
