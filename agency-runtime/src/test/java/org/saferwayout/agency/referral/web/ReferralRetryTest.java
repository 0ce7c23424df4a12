package org.saferwayout.agency.referral.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.ReferralRequested;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * An agency system that sends a referral again after losing the answer (ADR 021): with the same
 * {@code Idempotency-Key} the partner agency is asked once, and the client gets the same answer both times.
 */
@AgencyRuntimeTest
class ReferralRetryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CEASE_EXIT_SUPPORT = "{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\"}";

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;

    private String openCase() throws Exception {
        return json.readTree(mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                        .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getContentAsString())
                .get("caseId").asText();
    }

    private MockHttpServletResponse refer(String caseId, String body, String retryKey) throws Exception {
        return mvc.perform(post("/api/cases/{id}/referrals", caseId).header("Idempotency-Key", retryKey)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content(body)).andReturn().getResponse();
    }

    @Test
    void aReferralSentAgainWithItsRetryKeyAsksThePartnerOnceAndIsAnsweredAlike() throws Exception {
        String caseId = openCase();
        String key = UUID.randomUUID().toString();

        MockHttpServletResponse first = refer(caseId, CEASE_EXIT_SUPPORT, key);
        MockHttpServletResponse again = refer(caseId, CEASE_EXIT_SUPPORT, key);

        assertThat(first.getStatus()).as(first.getContentAsString()).isEqualTo(202);
        assertThat(again.getStatus()).as(again.getContentAsString()).isEqualTo(202);
        String referralId = json.readTree(first.getContentAsString()).get("referralId").asText();
        assertThat(json.readTree(again.getContentAsString()).get("referralId").asText()).isEqualTo(referralId);
        assertThat(again.getHeader("Location")).isEqualTo(first.getHeader("Location"));

        EventStoreRows rows = new EventStoreRows(privateDataSource, jdbcExchange);
        assertThat(rows.privateRows().stream().filter(row -> row.aggregateIdentifier().equals(caseId))
                .filter(row -> row.payloadType().endsWith("ReferralRequestedEvent"))).hasSize(1);
        // The second request stored no event, so nothing more can reach the exchange once the first has.
        await().atMost(PATIENCE).until(() -> rows.exchangeRows().stream()
                .anyMatch(row -> row.payloadType().equals(ReferralRequested.class.getName())
                        && row.payload().contains(referralId)));
        assertThat(rows.exchangeRows().stream().filter(row -> row.payloadType().equals(ReferralRequested.class.getName()))
                .filter(row -> row.payload().contains(referralId))).hasSize(1);
        await().atMost(PATIENCE).until(() -> referrals(caseId).size() == 1);
    }

    @Test
    void theSameKeyForAnotherRequestOnTheCaseIs409AndOnAnotherCaseIsAnotherReferral() throws Exception {
        String caseId = openCase();
        String key = UUID.randomUUID().toString();
        String referralId = json.readTree(refer(caseId, CEASE_EXIT_SUPPORT, key).getContentAsString())
                .get("referralId").asText();

        MockHttpServletResponse other = refer(caseId,
                "{\"recipientAgency\":\"reach\",\"service\":\"EMOTIONAL_SUPPORT\",\"urgency\":\"URGENT\"}", key);
        assertThat(other.getStatus()).isEqualTo(409);
        assertThat(other.getContentType()).startsWith("application/problem+json");

        MockHttpServletResponse elsewhere = refer(openCase(), CEASE_EXIT_SUPPORT, key);
        assertThat(elsewhere.getStatus()).isEqualTo(202);
        assertThat(json.readTree(elsewhere.getContentAsString()).get("referralId").asText()).isNotEqualTo(referralId);
    }

    private JsonNode referrals(String caseId) throws Exception {
        return json.readTree(mvc.perform(get("/api/cases/{id}", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))).andReturn().getResponse().getContentAsString())
                .get("referrals");
    }
}
