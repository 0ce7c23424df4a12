package org.saferwayout.agency.referral.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.directory.DirectoryService;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.referral.api.IncomingReferralCommands;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.EventStoreRows.Row;
import org.saferwayout.agency.testapp.NetworkAgencyKeys;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.ServiceDelivered;
import org.saferwayout.events.ServiceDeliveryCounted;
import org.saferwayout.events.SharingDecisionRecorded;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Services delivered: the provider (here ALERT, answering a referral from CEASE) records one; it is counted,
 * de-identified, for REACH every time, and goes back to the requester with its outcome only while the
 * survivor's consent for the provider covers service outcomes. At the requester (here ALERT's own case,
 * answered by CEASE) the outcome shows on the case and is gone once that consent is withdrawn.
 */
@AgencyRuntimeTest
class ServicesDeliveredTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private ConsentRegistry registry;
    @Autowired
    private NetworkDirectory directory;
    @Autowired
    private ObjectMapper json;

    private EventStoreRows rows;
    private String marker;

    @BeforeEach
    void setUp() {
        rows = new EventStoreRows(privateDataSource, jdbcExchange);
        marker = "outcome-" + UUID.randomUUID();
    }

    private static ConsentGiven consentForAlert(SurvivorRef survivor, Set<DataCategory> categories, Instant now) {
        return new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor, AgencyId.CEASE,
                AgencyId.ALERT, Set.of(ConsentPurpose.COURT_SUPPORT), categories, now.minusSeconds(60),
                now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-cease", null, now.minusSeconds(60));
    }

    private String arrivedReferralFromCease(SurvivorRef survivor) throws Exception {
        String referralId = UUID.randomUUID().toString();
        exchange.publish(new ReferralRequested(UUID.randomUUID(), referralId, UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, SupportService.COURT_SUPPORT, ReferralUrgency.URGENT,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null));
        await().atMost(PATIENCE).until(() -> mvc.perform(get("/api/referrals/inbox/{id}", referralId)
                .with(Tokens.of("alert", "INTAKE_WORKER"))).andReturn().getResponse().getStatus() == 200);
        return referralId;
    }

    /** A referral from CEASE's case to ALERT, arrived and accepted at ALERT. */
    private String acceptedReferralFromCease(SurvivorRef survivor) throws Exception {
        String referralId = arrivedReferralFromCease(survivor);
        assertThat(mvc.perform(post("/api/referrals/inbox/{id}/actions/ACCEPT", referralId)
                .with(Tokens.of("alert", "INTAKE_WORKER"))).andReturn().getResponse().getStatus()).isEqualTo(200);
        return referralId;
    }

    private MockHttpServletResponse recordDelivery(String referralId, String directoryServiceId) throws Exception {
        return recordDelivery(referralId, directoryServiceId, null);
    }

    private MockHttpServletResponse recordDelivery(String referralId, String directoryServiceId, String retryKey)
            throws Exception {
        var request = post("/api/referrals/inbox/{id}/services-delivered", referralId);
        if (retryKey != null) {
            request.header("Idempotency-Key", retryKey);
        }
        return mvc.perform(request
                .with(Tokens.of("alert", "INTAKE_WORKER")).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"directoryServiceId":"%s","deliveredOn":"%s","outcome":"%s"}"""
                        .formatted(directoryServiceId, LocalDate.now().minusDays(1), marker))).andReturn().getResponse();
    }

    private DirectoryService alertCourtSupport() {
        return directory.servicesOf(AgencyId.ALERT, SupportService.COURT_SUPPORT).get(0);
    }

    private List<Row> exchangeRowsAbout(String referralOrSurvivor, Class<?> type) throws Exception {
        return rows.exchangeRows().stream().filter(row -> row.payloadType().equals(type.getName()))
                .filter(row -> row.payload().contains(referralOrSurvivor)).toList();
    }

    @Autowired
    private NetworkAgencyKeys networkKeys;

    private long deliveriesRecordedOn(String referralId) throws Exception {
        String aggregate = IncomingReferralCommands.incomingReferralId(referralId);
        return rows.privateRows().stream().filter(row -> row.aggregateIdentifier().equals(aggregate))
                .filter(row -> row.payloadType().endsWith("ServiceDeliveredRecordedEvent")).count();
    }

    @Test
    void aDeliverySentTwiceWithOneRetryKeyIsRecordedOnceAndAnsweredAlikeWithoutAKeyTwiceIsTwo() throws Exception {
        String referralId = acceptedReferralFromCease(SurvivorRef.issue());
        String key = "retry-" + UUID.randomUUID();

        MockHttpServletResponse first = recordDelivery(referralId, alertCourtSupport().id(), key);
        MockHttpServletResponse again = recordDelivery(referralId, alertCourtSupport().id(), key);

        assertThat(first.getStatus()).as(first.getContentAsString()).isEqualTo(202);
        assertThat(again.getStatus()).isEqualTo(202);
        assertThat(json.readTree(again.getContentAsString()).get("deliveryId"))
                .isEqualTo(json.readTree(first.getContentAsString()).get("deliveryId"));
        assertThat(deliveriesRecordedOn(referralId)).isEqualTo(1);

        recordDelivery(referralId, alertCourtSupport().id());
        recordDelivery(referralId, alertCourtSupport().id());
        assertThat(deliveriesRecordedOn(referralId)).as("without a key each post is a delivery").isEqualTo(3);
    }

    @Test
    void aMalformedRetryKeyIs400AndRecordsNothing() throws Exception {
        String referralId = acceptedReferralFromCease(SurvivorRef.issue());

        MockHttpServletResponse refused = recordDelivery(referralId, alertCourtSupport().id(), "short");

        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(deliveriesRecordedOn(referralId)).isZero();
    }

    @Test
    void withConsentCoveringOutcomesTheDeliveryGoesBackWithItsOutcomeAndIsCountedForReach() throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        exchange.publish(consentForAlert(survivor, Set.of(DataCategory.SERVICE_OUTCOME), Instant.now()));
        await().atMost(PATIENCE).until(() -> !registry.ofSurvivor(survivor).isEmpty());
        String referralId = acceptedReferralFromCease(survivor);

        MockHttpServletResponse recorded = recordDelivery(referralId, alertCourtSupport().id());
        assertThat(recorded.getStatus()).as(recorded.getContentAsString()).isEqualTo(202);

        List<Row> delivered = await().atMost(PATIENCE).until(() -> exchangeRowsAbout(referralId, ServiceDelivered.class),
                found -> !found.isEmpty());
        // Sealed for CEASE in the exchange: only CEASE reads the outcome (ADR 009).
        assertThat(delivered.get(0).payload()).doesNotContain(marker);
        JsonNode back = networkKeys.readAs(AgencyId.CEASE, delivered.get(0));
        assertThat(back.get("recipientAgency").asText()).isEqualTo("cease");
        assertThat(back.get("outcome").get("serviceOutcome").asText()).isEqualTo(marker);
        assertThat(networkKeys.readAs(AgencyId.REACH, delivered.get(0)).get("outcome").get("unreadable").asText())
                .isEqualTo("NOT_FOR_THIS_AGENCY");
        List<Row> counted = exchangeRowsAbout(survivor.value(), ServiceDeliveryCounted.class);
        assertThat(counted).hasSize(1);
        JsonNode count = json.readTree(counted.get(0).payload());
        assertThat(count.get("recipientAgency").asText()).isEqualTo("reach");
        assertThat(count.get("city").asText()).isEqualTo(alertCourtSupport().city());
        assertThat(counted.get(0).payload()).doesNotContain(marker).doesNotContain(referralId);
    }

    @Test
    void withoutSuchConsentOnlyTheCountAndAWithheldDecisionLeave() throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        exchange.publish(consentForAlert(survivor, Set.of(DataCategory.IDENTITY), Instant.now()));
        await().atMost(PATIENCE).until(() -> !registry.ofSurvivor(survivor).isEmpty());
        String referralId = acceptedReferralFromCease(survivor);

        assertThat(recordDelivery(referralId, alertCourtSupport().id()).getStatus()).isEqualTo(202);

        await().atMost(PATIENCE).until(() -> exchangeRowsAbout(survivor.value(), ServiceDeliveryCounted.class).size() == 1);
        List<Row> decisions = await().atMost(PATIENCE).until(() -> exchangeRowsAbout(referralId, SharingDecisionRecorded.class),
                found -> !found.isEmpty());
        JsonNode decision = json.readTree(decisions.get(0).payload());
        assertThat(decision.get("withheld").toString()).contains("SERVICE_OUTCOME");
        assertThat(exchangeRowsAbout(referralId, ServiceDelivered.class)).isEmpty();
        assertThat(rows.exchangeRows()).noneMatch(row -> row.payload().contains(marker));
    }

    @Test
    void aServiceNotListedForThisAgencyOrAReferralNotAcceptedIsRefusedAndRecordsNothing() throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        String referralId = acceptedReferralFromCease(survivor);
        DirectoryService ceaseService = directory.servicesOf(AgencyId.CEASE, SupportService.EXIT_SUPPORT).get(0);
        assertThat(recordDelivery(referralId, ceaseService.id()).getStatus()).isEqualTo(409);

        String notAccepted = arrivedReferralFromCease(survivor);
        MockHttpServletResponse refused = recordDelivery(notAccepted, alertCourtSupport().id());
        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(refused.getContentAsString()).contains("referral-not-taken-on").doesNotContain(marker);
        assertThat(exchangeRowsAbout(survivor.value(), ServiceDeliveryCounted.class)).isEmpty();
    }

    @Test
    void anOutcomeSentBackShowsOnTheRequestersCaseUntilTheConsentForTheProviderIsWithdrawn() throws Exception {
        MockHttpServletResponse opened = mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse();
        JsonNode openedCase = json.readTree(opened.getContentAsString());
        String caseId = openedCase.get("caseId").asText();
        SurvivorRef survivor = new SurvivorRef(openedCase.get("survivorRef").asText());
        MockHttpServletResponse referred = mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\"}"))
                .andReturn().getResponse();
        String referralId = json.readTree(referred.getContentAsString()).get("referralId").asText();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ConsentGiven forCease = new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor,
                AgencyId.ALERT, AgencyId.CEASE, Set.of(ConsentPurpose.EXIT_SUPPORT), Set.of(DataCategory.SERVICE_OUTCOME),
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-alert", null, now);
        exchange.publish(forCease);
        await().atMost(PATIENCE).until(() -> !registry.ofSurvivor(survivor).isEmpty());
        exchange.publish(new ServiceDelivered(UUID.randomUUID(), referralId, caseId, survivor, AgencyId.CEASE,
                AgencyId.ALERT, null, SupportService.EXIT_SUPPORT, LocalDate.now(), now,
                PersonalData.serviceOutcome(marker)));

        await().atMost(PATIENCE).until(() -> caseJson(caseId).contains(marker));

        exchange.publish(new ConsentWithdrawn(UUID.randomUUID(), forCease.consentId(), survivor, AgencyId.ALERT,
                AgencyId.CEASE, "staff-alert", now.plusSeconds(1)));
        await().atMost(PATIENCE).until(() -> !caseJson(caseId).contains(marker));
        assertThat(caseJson(caseId)).contains(referralId);
    }

    private String caseJson(String caseId) throws Exception {
        return mvc.perform(get("/api/cases/{id}", caseId).with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")))
                .andReturn().getResponse().getContentAsString();
    }
}
