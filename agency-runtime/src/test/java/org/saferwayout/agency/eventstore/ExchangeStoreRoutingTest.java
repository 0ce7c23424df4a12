package org.saferwayout.agency.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.exchange.StableEventIds;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.EventStoreRows.Row;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.SharingDecisionRecorded;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * AXON-NOTES trap 3: private events must land in the agency's private database and integration events in
 * the exchange's, never the other way round. Checked with plain JDBC on both databases.
 */
@AgencyRuntimeTest
class ExchangeStoreRoutingTest {

    private static final String SHARED_EVENTS = "org.saferwayout.events.";
    private static final String PRIVATE_TYPES = "org.saferwayout.agency.";

    @Autowired
    private MockMvc mvc;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private ExchangePublisher exchangePublisher;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ConnectionProvider privateConnections;
    @Autowired
    private TransactionManager privateTransactions;

    private EventStoreRows rows;

    @BeforeEach
    void setUp() {
        rows = new EventStoreRows(privateDataSource, jdbcExchange);
    }

    private JsonNode postOk(String uri, String body, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(post(uri).contentType(MediaType.APPLICATION_JSON).content(body)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        return json.readTree(response.getContentAsString());
    }

    @Test
    void privateEventsStayInThePrivateStoreAndOnlyTheIntegrationEventReachesTheExchange() throws Exception {
        String caseId = postOk("/api/cases", "{}", 201).get("caseId").asText();
        String referralId = postOk("/api/cases/" + caseId + "/referrals",
                "{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"IMMEDIATE\"}", 202)
                .get("referralId").asText();

        // The private store: the case's own two events, in order, under the case's id.
        List<Row> caseEvents = rows.privateRows().stream().filter(row -> caseId.equals(row.aggregateIdentifier()))
                .toList();
        assertThat(caseEvents).extracting(Row::payloadType).containsExactly(
                SupportCaseOpenedEvent.class.getName(), ReferralRequestedEvent.class.getName());
        Row privateReferral = caseEvents.get(1);
        assertThat(privateReferral.payload()).contains(referralId);

        // The exchange: exactly one ReferralRequested for this referral, with the stable id derived from the
        // private event, addressed to CEASE, and the sharing decision recorded beside it.
        String expectedExchangeId = StableEventIds.forPrivateEvent(privateReferral.eventIdentifier()).toString();
        List<Row> published = await().atMost(Duration.ofSeconds(30)).until(
                () -> rows.exchangeRows().stream().filter(row -> row.payload().contains(referralId)).toList(),
                found -> found.size() >= 2);
        assertThat(published).extracting(Row::payloadType).containsExactly(
                SharingDecisionRecorded.class.getName(), ReferralRequested.class.getName());
        Row exchanged = published.get(1);
        assertThat(exchanged.payloadType()).isEqualTo(ReferralRequested.class.getName());
        assertThat(exchanged.eventIdentifier()).isEqualTo(expectedExchangeId);
        JsonNode payload = json.readTree(exchanged.payload());
        assertThat(payload.get("recipientAgency").asText()).isEqualTo("cease");
        assertThat(payload.get("sourceAgency").asText()).isEqualTo("alert");
        assertThat(payload.get("requesterCaseRef").asText()).isEqualTo(caseId);

        // Neither store holds the other's kind of event: not for this case, and not for any other.
        assertThat(rows.privateRows()).extracting(Row::payloadType).noneMatch(type -> type.startsWith(SHARED_EVENTS));
        assertThat(rows.exchangeRows()).extracting(Row::payloadType).allMatch(type -> type.startsWith(SHARED_EVENTS));
        assertThat(rows.exchangeRows()).extracting(Row::payloadType).noneMatch(type -> type.startsWith(PRIVATE_TYPES));
        assertThat(rows.exchangeRows()).noneMatch(row -> caseId.equals(row.aggregateIdentifier()));
    }

    private static ReferralRequested referralFromCeaseTo(AgencyId recipient) {
        return new ReferralRequested(UUID.randomUUID(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.CEASE, recipient, SupportService.COURT_SUPPORT, ReferralUrgency.ROUTINE,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null);
    }

    private long exchangeRowsWithId(UUID eventId) {
        return rows.exchangeRows().stream().filter(row -> row.eventIdentifier().equals(eventId.toString())).count();
    }

    @Test
    void publishingTheSameIntegrationEventTwiceStoresItOnce() {
        // Addressed to REACH, so this ALERT runtime's intake ignores it.
        ReferralRequested event = referralFromCeaseTo(AgencyId.REACH);
        long before = rows.exchangeCount();

        exchangePublisher.publish(event);
        exchangePublisher.publish(event);

        assertThat(exchangeRowsWithId(event.eventId())).isEqualTo(1);
        assertThat(rows.exchangeCount()).isEqualTo(before + 1);
        assertThat(rows.privateRows()).noneMatch(row -> row.eventIdentifier().equals(event.eventId().toString()));
    }

    @Test
    void publishersRacingWithTheSameEventStoreItOnceAndNoneFails() throws Exception {
        ReferralRequested event = referralFromCeaseTo(AgencyId.REACH);
        int publishers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                tasks.add(() -> {
                    exchangePublisher.publish(event);
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(tasks)) {
                result.get(); // rethrows a publisher's failure
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(exchangeRowsWithId(event.eventId())).isEqualTo(1);
    }

    @Test
    void theExchangeRecordsTheEventIdAsItsIdentifier() {
        ReferralRequested event = referralFromCeaseTo(AgencyId.CATHOLIC_SOCIAL_SERVICES);
        exchangePublisher.publish(event);

        Row stored = rows.exchangeRows().stream()
                .filter(row -> row.eventIdentifier().equals(event.eventId().toString())).findFirst().orElseThrow();
        assertThat(stored.payloadType()).isEqualTo(ReferralRequested.class.getName());
        assertThat(stored.payload()).contains(event.referralId()).contains("catholic-social-services");
    }

    @Test
    void publishingInsideAUnitOfWorkThatHoldsThePrivateConnectionStillWritesToTheExchange() throws Exception {
        // The condition of trap 3: a handler's unit of work has already used the private database (as the token
        // store and aggregates do) when it publishes. A unit-of-work-aware exchange connection provider would
        // now hand the exchange append the private connection, and the event would land in the private store.
        ReferralRequested event = referralFromCeaseTo(AgencyId.REACH);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(privateTransactions);
            Connection privateConnection = privateConnections.getConnection();
            try (Statement statement = privateConnection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM domainevententry")) {
                assertThat(result.next()).isTrue();
            }
            exchangePublisher.publish(event);
            unitOfWork.commit();
        } catch (RuntimeException | Error e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }

        assertThat(exchangeRowsWithId(event.eventId())).isEqualTo(1);
        assertThat(rows.privateRows()).noneMatch(row -> row.eventIdentifier().equals(event.eventId().toString()));
        assertThat(rows.privateRows()).extracting(Row::payloadType).noneMatch(type -> type.startsWith(SHARED_EVENTS));
    }
}
