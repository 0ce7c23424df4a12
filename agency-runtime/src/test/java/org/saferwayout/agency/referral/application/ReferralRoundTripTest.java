package org.saferwayout.agency.referral.application;

import static org.saferwayout.agency.referral.api.IncomingReferralCommands.incomingReferralId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.exchange.ExchangeIntakeConfiguration;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.referral.api.IncomingReferralEvents.ReferralArrivedEvent;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.EventStoreRows.Row;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralAccepted;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A referral's closed loop inside one JVM, with this runtime as ALERT and the other agency played by
 * publishing its integration events straight onto the exchange.
 */
@AgencyRuntimeTest
class ReferralRoundTripTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private ObjectMapper json;

    private EventStoreRows rows;

    @BeforeEach
    void setUp() {
        rows = new EventStoreRows(privateDataSource, jdbcExchange);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ReferralRequested referral(UUID eventId, String referralId, String requesterCase, SurvivorRef survivor,
                                              AgencyId from, AgencyId to) {
        return new ReferralRequested(eventId, referralId, requesterCase, survivor, from, to,
                SupportService.SAFE_LODGING, ReferralUrgency.URGENT, now(), null, null);
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))).andReturn().getResponse();
    }

    private JsonNode inboxEntry(String referralId) throws Exception {
        MockHttpServletResponse response = perform(get("/api/referrals/inbox/{id}", referralId));
        return response.getStatus() == 200 ? json.readTree(response.getContentAsString()) : null;
    }

    private long timesInInbox(String referralId) throws Exception {
        MockHttpServletResponse response = perform(get("/api/referrals/inbox").param("size", "1000"));
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode referrals = json.readTree(response.getContentAsString()).get("referrals");
        return StreamSupport.stream(referrals.spliterator(), false)
                .filter(entry -> referralId.equals(entry.get("referralId").asText())).count();
    }

    private long exchangeIndexOf(UUID eventId) {
        return rows.exchangeRows().stream().filter(row -> row.eventIdentifier().equals(eventId.toString()))
                .mapToLong(Row::globalIndex).findFirst().orElseThrow();
    }

    /** Waits until every segment of the exchange intake has handled (or skipped) the exchange up to the event. */
    private void awaitIntakePast(UUID eventId) {
        long index = exchangeIndexOf(eventId);
        StreamingEventProcessor intake = processing
                .eventProcessor(ExchangeIntakeConfiguration.EXCHANGE_INTAKE, StreamingEventProcessor.class)
                .orElseThrow();
        await().atMost(PATIENCE).until(() -> {
            Map<Integer, EventTrackerStatus> status = intake.processingStatus();
            double covered = status.values().stream().mapToDouble(s -> 1.0 / (s.getSegment().getMask() + 1)).sum();
            return Math.abs(covered - 1.0) < 1e-9 && status.values().stream()
                    .allMatch(s -> s.getCurrentPosition().orElse(-1) >= index);
        });
    }

    private List<Row> privateEventsOf(String aggregateId) {
        return rows.privateRows().stream().filter(row -> aggregateId.equals(row.aggregateIdentifier())).toList();
    }

    @Test
    void aReferralAddressedHereReachesTheInboxOnceAndItsAcceptanceGoesBackToTheRequester() throws Exception {
        String referralId = UUID.randomUUID().toString();
        String requesterCase = UUID.randomUUID().toString();
        SurvivorRef survivor = SurvivorRef.issue();
        ReferralRequested toAlert = referral(UUID.randomUUID(), referralId, requesterCase, survivor,
                AgencyId.CEASE, AgencyId.ALERT);
        String notForAlert = UUID.randomUUID().toString();
        ReferralRequested toCease = referral(UUID.randomUUID(), notForAlert, UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.REACH, AgencyId.CEASE);

        exchange.publish(toCease);
        exchange.publish(toAlert);
        exchange.publish(toAlert); // at-least-once: the same fact again, same event id

        JsonNode entry = await().atMost(PATIENCE).until(() -> inboxEntry(referralId), found -> found != null);
        assertThat(entry.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(entry.get("requestingAgency").asText()).isEqualTo("cease");
        assertThat(entry.get("survivorRef").asText()).isEqualTo(survivor.value());
        assertThat(entry.get("service").asText()).isEqualTo("SAFE_LODGING");

        awaitIntakePast(toAlert.eventId());
        awaitIntakePast(toCease.eventId());
        assertThat(timesInInbox(referralId)).isEqualTo(1);
        assertThat(privateEventsOf(incomingReferralId(referralId))).extracting(Row::payloadType)
                .containsExactly(ReferralArrivedEvent.class.getName());
        // Addressed to CEASE: this agency neither stores nor shows it.
        assertThat(inboxEntry(notForAlert)).isNull();
        assertThat(timesInInbox(notForAlert)).isZero();
        assertThat(privateEventsOf(incomingReferralId(notForAlert))).isEmpty();

        MockHttpServletResponse accepted = perform(post("/api/referrals/inbox/{id}/actions/ACCEPT", referralId));
        assertThat(accepted.getStatus()).as(accepted.getContentAsString()).isEqualTo(200);
        JsonNode decision = json.readTree(accepted.getContentAsString());
        assertThat(decision.get("referralId").asText()).isEqualTo(referralId);
        assertThat(decision.get("status").asText()).isEqualTo("ACCEPTED");

        List<Row> answers = await().atMost(PATIENCE).until(() -> rows.exchangeRows().stream()
                .filter(row -> row.payloadType().equals(ReferralStatusChanged.class.getName()))
                .filter(row -> row.payload().contains(referralId)).toList(), found -> !found.isEmpty());
        assertThat(answers).hasSize(1);
        JsonNode answer = json.readTree(answers.get(0).payload());
        assertThat(answer.get("recipientAgency").asText()).isEqualTo("cease");
        assertThat(answer.get("sourceAgency").asText()).isEqualTo("alert");
        assertThat(answer.get("requesterCaseRef").asText()).isEqualTo(requesterCase);
        assertThat(answer.get("survivorRef").asText()).isEqualTo(survivor.value());
        assertThat(answer.get("status").asText()).isEqualTo("ACCEPTED");

        await().atMost(PATIENCE).until(() -> "ACCEPTED".equals(inboxEntry(referralId).get("status").asText()));

        // Accepting again is refused and sends nothing more.
        MockHttpServletResponse again = perform(post("/api/referrals/inbox/{id}/actions/ACCEPT", referralId));
        assertThat(again.getStatus()).isEqualTo(409);
        assertThat(json.readTree(again.getContentAsString()).get("type").asText())
                .isEqualTo("urn:saferwayout:problem:referral-transition-not-allowed");
        assertThat(rows.exchangeRows().stream().filter(row -> row.payload().contains(referralId))
                .filter(row -> row.payloadType().equals(ReferralStatusChanged.class.getName()))).hasSize(1);
    }

    @Test
    void theSameReferralRepublishedUnderANewEventIdIsReceivedOnce() throws Exception {
        String referralId = UUID.randomUUID().toString();
        SurvivorRef survivor = SurvivorRef.issue();
        String requesterCase = UUID.randomUUID().toString();
        ReferralRequested first = referral(UUID.randomUUID(), referralId, requesterCase, survivor,
                AgencyId.REACH, AgencyId.ALERT);
        ReferralRequested republished = referral(UUID.randomUUID(), referralId, requesterCase, survivor,
                AgencyId.REACH, AgencyId.ALERT);

        exchange.publish(first);
        exchange.publish(republished);
        awaitIntakePast(republished.eventId());

        assertThat(privateEventsOf(incomingReferralId(referralId))).extracting(Row::payloadType)
                .containsExactly(ReferralArrivedEvent.class.getName());
        await().atMost(PATIENCE).until(() -> inboxEntry(referralId) != null);
        assertThat(timesInInbox(referralId)).isEqualTo(1);
    }

    @Test
    void theRequestersCaseRecordsTheRecipientsAcceptance() throws Exception {
        MockHttpServletResponse opened = perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content("{}"));
        assertThat(opened.getStatus()).isEqualTo(201);
        JsonNode openedCase = json.readTree(opened.getContentAsString());
        String caseId = openedCase.get("caseId").asText();
        MockHttpServletResponse referred = perform(post("/api/cases/{id}/referrals", caseId)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"recipientAgency\":\"cease\",\"service\":\"EMOTIONAL_SUPPORT\",\"urgency\":\"ROUTINE\"}"));
        assertThat(referred.getStatus()).isEqualTo(202);
        String referralId = json.readTree(referred.getContentAsString()).get("referralId").asText();

        // CEASE's answer, as its runtime would publish it.
        ReferralAccepted answer = new ReferralAccepted(UUID.randomUUID(), referralId, caseId,
                new SurvivorRef(openedCase.get("survivorRef").asText()), AgencyId.CEASE, AgencyId.ALERT, now());
        exchange.publish(answer);

        await().atMost(PATIENCE).until(() -> {
            MockHttpServletResponse view = perform(get("/api/cases/{id}", caseId));
            if (view.getStatus() != 200) {
                return false;
            }
            JsonNode referrals = json.readTree(view.getContentAsString()).get("referrals");
            return referrals.size() == 1 && "ACCEPTED".equals(referrals.get(0).get("status").asText());
        });
        awaitIntakePast(answer.eventId());
        assertThat(privateEventsOf(caseId)).hasSize(3);
        // Our own ReferralRequested reached the exchange too; wait for it so no write is left in flight.
        await().atMost(PATIENCE).until(() -> rows.exchangeRows().stream()
                .anyMatch(row -> row.payloadType().equals(ReferralRequested.class.getName())
                        && row.payload().contains(referralId)));
    }

    @Test
    void anAnswerToAReferralThisAgencyNeverSentIsSkippedWithoutBlockingTheIntake() throws Exception {
        ReferralAccepted stray = new ReferralAccepted(UUID.randomUUID(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT, now());
        exchange.publish(stray);
        awaitIntakePast(stray.eventId());
        assertThat(privateEventsOf(stray.requesterCaseRef())).isEmpty();

        // The intake still takes in what comes next.
        String referralId = UUID.randomUUID().toString();
        ReferralRequested next = referral(UUID.randomUUID(), referralId, UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT);
        exchange.publish(next);
        await().atMost(PATIENCE).until(() -> inboxEntry(referralId) != null);
    }

    @Test
    void aReferralWhoseIdNamesOneOfThisAgencysCasesIsReceivedApartFromTheCase() throws Exception {
        MockHttpServletResponse opened = perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content("{}"));
        String caseId = json.readTree(opened.getContentAsString()).get("caseId").asText();

        // Another agency (by fault or malice) reuses one of our case ids as its referral id.
        ReferralRequested colliding = referral(UUID.randomUUID(), caseId, UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT);
        exchange.publish(colliding);

        await().atMost(PATIENCE).until(() -> inboxEntry(caseId) != null);
        assertThat(privateEventsOf(caseId)).hasSize(1);
        assertThat(privateEventsOf(incomingReferralId(caseId))).hasSize(1);
    }

    @Test
    void aReferralWithAMalformedIdIsSkippedWithoutBlockingTheIntake() throws Exception {
        ReferralRequested malformed = referral(UUID.randomUUID(), "../../etc/passwd", UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT);
        exchange.publish(malformed);
        awaitIntakePast(malformed.eventId());
        assertThat(privateEventsOf(incomingReferralId("../../etc/passwd"))).isEmpty();

        String referralId = UUID.randomUUID().toString();
        exchange.publish(referral(UUID.randomUUID(), referralId, UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT));
        await().atMost(PATIENCE).until(() -> inboxEntry(referralId) != null);
    }
}
