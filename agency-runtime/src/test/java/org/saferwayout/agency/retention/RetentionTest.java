package org.saferwayout.agency.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.keys.NetworkKeyStore;
import org.saferwayout.agency.keys.SurvivorDataVault;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SafetyPlanRecordedEvent;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Personal data this agency keeps is sealed at rest under the survivor's key (private events, read models), and
 * the retention job erases it once nothing has happened about her for the retention period: her keys and read
 * models go, the events stay and read back as erased, and the job records what it erased in counts.
 */
@AgencyRuntimeTest
class RetentionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private NetworkKeyStore keyStore;
    @Autowired
    private SurvivorDataVault vault;
    @Autowired
    private MongoDatabase readModelDatabase;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    @Qualifier("eventStore")
    private EventStore privateEvents;
    @Autowired
    private RetentionJob retention;

    private static String marker(String kind) {
        return kind + "Marker" + UUID.randomUUID().toString().replace("-", "");
    }

    private String openCase(SurvivorRef survivor) throws Exception {
        MockHttpServletResponse opened = mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"survivorRef\":\"" + survivor.value() + "\"}"))
                .andReturn().getResponse();
        assertThat(opened.getStatus()).as(opened.getContentAsString()).isEqualTo(201);
        return json.readTree(opened.getContentAsString()).get("caseId").asText();
    }

    private void recordSafetyPlan(String caseId, String summary, String details) throws Exception {
        MockHttpServletResponse recorded = mvc.perform(post("/api/cases/{id}/safety-plans", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(java.util.Map.of("summary", summary, "details", details))))
                .andReturn().getResponse();
        assertThat(recorded.getStatus()).as(recorded.getContentAsString()).isEqualTo(202);
    }

    private JsonNode safetyPlans(String caseId) throws Exception {
        await().atMost(PATIENCE).until(() -> mvc.perform(get("/api/cases/{id}", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))).andReturn().getResponse().getStatus() == 200);
        return json.readTree(mvc.perform(get("/api/cases/{id}/safety-plans", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))).andReturn().getResponse().getContentAsString());
    }

    /** CEASE, under a consent for ALERT, sent ALERT a referral with the survivor's name; ALERT keeps it. */
    private String referralReceivedWithName(SurvivorRef survivor, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        exchange.publish(new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor, AgencyId.CEASE,
                AgencyId.ALERT, Set.of(ConsentPurpose.SAFE_HOUSING), Set.of(DataCategory.IDENTITY), now.minusSeconds(60),
                now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-cease", null, now.minusSeconds(60)));
        String referralId = UUID.randomUUID().toString();
        exchange.publish(new ReferralRequested(UUID.randomUUID(), referralId, UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, SupportService.SAFE_LODGING, ReferralUrgency.URGENT, now,
                new PersonalData(name, null, null, null, null, null), null));
        await().atMost(PATIENCE).until(() -> received(survivor) != null);
        return referralId;
    }

    private Document received(SurvivorRef survivor) {
        return readModelDatabase.getCollection("received_personal_data").find(Filters.eq("survivorRef", survivor.value())).first();
    }

    private List<Object> payloadsOf(String caseId) {
        List<Object> payloads = new ArrayList<>();
        privateEvents.readEvents(caseId).asStream().map(DomainEventMessage::getPayload).forEach(payloads::add);
        return payloads;
    }

    private boolean activityRecorded(SurvivorRef survivor, int atLeast) {
        Integer rows = new JdbcTemplate(privateDataSource).queryForObject(
                "SELECT COUNT(*) FROM survivor_activity WHERE survivor_ref = ?", Integer.class, survivor.value());
        return rows != null && rows >= atLeast;
    }

    @Test
    void personalDataKeptHereIsSealedAtRestAndOpensForThisAgency() throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        String summary = marker("Summary");
        String details = marker("Details");
        String name = marker("Name");
        String justification = "Imminent risk: " + marker("Justification");
        String caseId = openCase(survivor);
        recordSafetyPlan(caseId, summary, details);
        MockHttpServletResponse referred = mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SUPERVISOR")).contentType(MediaType.APPLICATION_JSON).content("""
                        {"recipientAgency":"cease","service":"EXIT_SUPPORT","urgency":"URGENT",
                         "personalData":{"name":"%s"},
                         "emergencyDisclosure":{"justification":"%s","categories":["IDENTITY"],"hours":4}}"""
                        .formatted(name, justification))).andReturn().getResponse();
        assertThat(referred.getStatus()).as(referred.getContentAsString()).isEqualTo(202);

        // Through the application: everything opens for this agency.
        await().atMost(PATIENCE).until(() -> safetyPlans(caseId).size() == 1);
        assertThat(safetyPlans(caseId).get(0).get("summary").asText()).isEqualTo(summary);
        List<Object> payloads = payloadsOf(caseId);
        ReferralRequestedEvent request = payloads.stream().filter(ReferralRequestedEvent.class::isInstance)
                .map(ReferralRequestedEvent.class::cast).findFirst().orElseThrow();
        assertThat(request.personalData().name()).isEqualTo(name);
        assertThat(request.emergencyDisclosure().justification()).isEqualTo(justification);
        assertThat(request.emergencyDisclosure().categories()).containsExactly(DataCategory.IDENTITY);

        // At rest: no marker in the private store's rows or in the read model's documents.
        List<EventStoreRows.Row> rows = new EventStoreRows(privateDataSource, jdbcExchange).privateRows().stream()
                .filter(row -> row.aggregateIdentifier().equals(caseId)).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
        assertThat(rows).allSatisfy(row -> assertThat(row.payload()).doesNotContain(summary, details, name, justification));
        assertThat(rows).filteredOn(row -> row.payloadType().endsWith("SafetyPlanRecordedEvent"))
                .singleElement().satisfies(row -> assertThat(row.payload()).contains("\"sealed\""));
        assertThat(readModelDatabase.getCollection("safety_plans").find(Filters.eq("caseId", caseId)).first().toJson())
                .doesNotContain(summary, details);
        assertThat(vault.keyCount(survivor)).isEqualTo(1);
    }

    @Test
    void theRetentionJobErasesWhoeverWasInactiveForThePeriodAndRecordsItInCounts() throws Exception {
        SurvivorRef inactive = SurvivorRef.issue();
        String oldSummary = marker("OldSummary");
        String oldName = marker("OldName");
        String inactiveCase = openCase(inactive);
        recordSafetyPlan(inactiveCase, oldSummary, "details");
        referralReceivedWithName(inactive, oldName);
        await().atMost(PATIENCE).until(() -> safetyPlans(inactiveCase).size() == 1 && activityRecorded(inactive, 1));
        long privateRowsBefore = new EventStoreRows(privateDataSource, jdbcExchange).privateCount();
        Thread.sleep(20);
        Instant cutoff = Instant.now();
        Thread.sleep(20);
        SurvivorRef active = SurvivorRef.issue();
        String activeSummary = marker("ActiveSummary");
        String activeCase = openCase(active);
        recordSafetyPlan(activeCase, activeSummary, "details");
        await().atMost(PATIENCE).until(() -> safetyPlans(activeCase).size() == 1 && activityRecorded(active, 1));
        assertThat(keyStore.countDataKeys(inactive, AgencyId.ALERT)).isEqualTo(1);

        assertThat(retention.eraseInactiveSince(cutoff)).isPositive();

        // Her read models are gone, her keys too; the events stay and read back as erased.
        assertThat(safetyPlans(inactiveCase)).isEmpty();
        assertThat(received(inactive)).isNull();
        assertThat(vault.keyCount(inactive)).isZero();
        assertThat(keyStore.countDataKeys(inactive, AgencyId.ALERT)).isZero();
        assertThat(new EventStoreRows(privateDataSource, jdbcExchange).privateCount()).isGreaterThanOrEqualTo(privateRowsBefore);
        SafetyPlanRecordedEvent plan = payloadsOf(inactiveCase).stream().filter(SafetyPlanRecordedEvent.class::isInstance)
                .map(SafetyPlanRecordedEvent.class::cast).findFirst().orElseThrow();
        assertThat(plan.summary()).isEqualTo(SurvivorDataVault.ERASED_TEXT);
        assertThat(plan.version()).isEqualTo(1);
        // Whoever was active since is untouched.
        assertThat(safetyPlans(activeCase).get(0).get("summary").asText()).isEqualTo(activeSummary);
        assertThat(vault.keyCount(active)).isEqualTo(1);

        // The record: counts and the pseudonym, for a privacy officer or an auditor only.
        MockHttpServletResponse record = mvc.perform(get("/api/retention/erasures")
                .with(Tokens.of("alert", "PRIVACY_OFFICER"))).andReturn().getResponse();
        assertThat(record.getStatus()).isEqualTo(200);
        JsonNode hers = null;
        for (JsonNode erasure : json.readTree(record.getContentAsString())) {
            if (erasure.get("survivorRef").asText().equals(inactive.value())) {
                assertThat(hers).as("recorded once").isNull();
                hers = erasure;
            }
        }
        assertThat(hers).isNotNull();
        assertThat(hers.get("survivorKeysDestroyed").asInt()).isEqualTo(1);
        assertThat(hers.get("exchangeKeysDestroyed").asInt()).isEqualTo(1);
        assertThat(hers.get("recordsDeleted").asLong()).isEqualTo(2);
        assertThat(record.getContentAsString()).doesNotContain(oldSummary, oldName, activeSummary);
        for (String role : List.of("SAFETY_NETWORK_COORDINATOR", "SUPERVISOR", "INTAKE_WORKER", "AGENCY_SYSTEM")) {
            assertThat(mvc.perform(get("/api/retention/erasures").with(Tokens.of("alert", role)))
                    .andReturn().getResponse().getStatus()).as(role).isEqualTo(403);
        }
        assertThat(mvc.perform(get("/api/retention/erasures").with(Tokens.of("cease", "PRIVACY_OFFICER")))
                .andReturn().getResponse().getStatus()).isEqualTo(403);

        // A second sweep does not erase her again; new activity makes her case usable, under a new key.
        retention.eraseInactiveSince(cutoff);
        assertThat(json.readTree(mvc.perform(get("/api/retention/erasures").with(Tokens.of("alert", "AUDITOR")))
                .andReturn().getResponse().getContentAsString()).findValuesAsText("survivorRef"))
                .containsOnlyOnce(inactive.value());
        String newSummary = marker("NewSummary");
        recordSafetyPlan(inactiveCase, newSummary, "details");
        await().atMost(PATIENCE).until(() -> safetyPlans(inactiveCase).size() == 1);
        assertThat(safetyPlans(inactiveCase).get(0).get("summary").asText()).isEqualTo(newSummary);
        assertThat(safetyPlans(inactiveCase).get(0).get("version").asInt()).isEqualTo(2);
    }
}
