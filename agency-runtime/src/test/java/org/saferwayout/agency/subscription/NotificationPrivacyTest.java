package org.saferwayout.agency.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.NetworkAgencyKeys;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.IntegrationEvent;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.ServiceDelivered;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorErasureRequested;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Canary: unique marker strings are entered as personal data everywhere a survivor's data goes (ALERT's own
 * case, safety plan and referral; referrals, service outcomes, consents, disclosures and erasures other agencies
 * address to ALERT, sealed for it) and as staff names; no webhook body, stream frame or feed row may contain one.
 */
@AgencyRuntimeTest
class NotificationPrivacyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final LocalDate CANARY_BIRTH_DATE = LocalDate.of(1911, 11, 11);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private NotificationFeed feed;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private NetworkAgencyKeys networkKeys;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;

    private final List<String> markers = new ArrayList<>();
    private UnreliableSubscriber subscriber;
    private String subscriptionId;

    @AfterEach
    void unsubscribe() throws Exception {
        mvc.perform(delete("/api/subscriptions/{id}", subscriptionId).with(WebhookDeliveryTest.alertSystem()));
        subscriber.close();
    }

    private String marker(String what) {
        String marker = "CANARY-" + what + "-" + UUID.randomUUID().toString().replace("-", "");
        markers.add(marker);
        return marker;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private JsonNode postAsCoordinator(String uri, String body) throws Exception {
        MockHttpServletResponse response = mvc.perform(post(uri).with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isBetween(200, 299);
        return json.readTree(response.getContentAsString());
    }

    @Test
    void noWebhookBodyStreamFrameOrFeedRowCarriesPersonalData() throws Exception {
        MockHttpServletResponse registered = mvc.perform(post("/api/subscriptions").with(WebhookDeliveryTest.alertSystem())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"callbackUrl\":\"http://127.0.0.1:19999/pending\",\"eventTypes\":[]}")).andReturn().getResponse();
        JsonNode subscription = json.readTree(registered.getContentAsString());
        subscriptionId = subscription.get("subscriptionId").asText();
        subscriber = new UnreliableSubscriber(subscription.get("signingSecret").asText(), 0.3);
        mvc.perform(put("/api/subscriptions/{id}", subscriptionId).with(WebhookDeliveryTest.alertSystem())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"callbackUrl\":\"" + subscriber.callbackUrl() + "\",\"eventTypes\":[]}"));
        long start = feed.lastPosition();
        MvcResult stream = mvc.perform(get("/api/notifications/stream").param("after", Long.toString(start))
                .accept(MediaType.TEXT_EVENT_STREAM).with(WebhookDeliveryTest.alertSystem())).andReturn();

        // ALERT's own survivor: case, safety plan, consent and a referral to CEASE carrying her data.
        JsonNode opened = postAsCoordinator("/api/cases", "{}");
        String caseId = opened.get("caseId").asText();
        String ownSurvivor = opened.get("survivorRef").asText();
        postAsCoordinator("/api/cases/" + caseId + "/safety-plans", "{\"summary\":\"" + marker("plan-summary")
                + "\",\"details\":\"" + marker("plan-details") + "\"}");
        postAsCoordinator("/api/consents", "{\"survivorRef\":\"" + ownSurvivor + "\",\"granteeAgency\":\"cease\","
                + "\"purposes\":[\"EXIT_SUPPORT\"],\"categories\":[\"IDENTITY\",\"CONTACT\",\"SAFETY_PLAN\",\"HEALTH\","
                + "\"LEGAL\"],\"method\":\"WRITTEN\",\"language\":\"en\"}");
        JsonNode referred = postAsCoordinator("/api/cases/" + caseId + "/referrals", "{\"recipientAgency\":\"cease\","
                + "\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\",\"shareSafetyPlanSummary\":true,\"personalData\":{"
                + "\"name\":\"" + marker("own-name") + "\",\"dateOfBirth\":\"" + CANARY_BIRTH_DATE + "\","
                + "\"contact\":\"" + marker("own-contact") + "\",\"health\":\"" + marker("own-health") + "\","
                + "\"legal\":\"" + marker("own-legal") + "\"}}");
        String ownReferral = referred.get("referralId").asText();

        // What other agencies address to ALERT, with personal data sealed for ALERT and staff names as markers.
        SurvivorRef survivor = SurvivorRef.issue();
        String incomingReferral = UUID.randomUUID().toString();
        List<IntegrationEvent> toAlert = List.of(
                new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor, AgencyId.CEASE,
                        AgencyId.ALERT, Set.of(ConsentPurpose.EXIT_SUPPORT), EnumSet.allOf(DataCategory.class), now(),
                        now().plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", marker("consent-recorder"), null,
                        now()),
                new ReferralRequested(UUID.randomUUID(), incomingReferral, UUID.randomUUID().toString(), survivor,
                        AgencyId.CEASE, AgencyId.ALERT, SupportService.EXIT_SUPPORT, ReferralUrgency.URGENT, now(),
                        new PersonalData(marker("name"), CANARY_BIRTH_DATE, marker("contact"), marker("safety-plan"),
                                marker("health"), marker("legal")), null),
                new ServiceDelivered(UUID.randomUUID(), ownReferral, caseId, SurvivorRef.issue(), AgencyId.CEASE,
                        AgencyId.ALERT, null, SupportService.EXIT_SUPPORT, LocalDate.now(), now(),
                        PersonalData.serviceOutcome(marker("outcome"))),
                new EmergencyDisclosureMade(UUID.randomUUID(), UUID.randomUUID().toString(), incomingReferral, survivor,
                        AgencyId.CEASE, AgencyId.ALERT, ConsentPurpose.EXIT_SUPPORT, Set.of(DataCategory.CONTACT), now(),
                        now().plus(Duration.ofHours(2)), marker("approver")),
                new ConsentWithdrawn(UUID.randomUUID(), UUID.randomUUID().toString(), survivor, AgencyId.CEASE,
                        AgencyId.ALERT, marker("withdrawal-recorder"), now()),
                new SurvivorErasureRequested(UUID.randomUUID(), UUID.randomUUID().toString(), SurvivorRef.issue(),
                        AgencyId.REACH, AgencyId.ALERT, marker("privacy-officer"), now()));
        toAlert.forEach(exchange::publish);
        Set<String> expected = toAlert.stream().map(event -> event.eventId().toString()).collect(Collectors.toSet());

        await().atMost(PATIENCE).until(() -> subscriber.received.stream().map(CloudEvent::getId)
                .collect(Collectors.toSet()).containsAll(expected));
        await().atMost(PATIENCE).until(() -> NotificationStreamTest.frames(stream.getResponse()).stream()
                .filter(frame -> expected.stream().anyMatch(frame.data()::contains)).count() == expected.size());
        stream.getRequest().getAsyncContext().complete();

        // The canary is live: the exchange carried the data to ALERT, and ALERT keeps its own sealed at rest (ADR 011).
        EventStoreRows rows = new EventStoreRows(privateDataSource, jdbcExchange);
        EventStoreRows.Row referralRow = rows.exchangeRows().stream()
                .filter(row -> row.payload().contains(incomingReferral) && row.payloadType().equals(ReferralRequested.class.getName()))
                .findFirst().orElseThrow();
        assertThat(networkKeys.readAs(AgencyId.ALERT, referralRow).toString()).contains(markers.get(markers.size() - 9));
        assertThat(rows.privateRows().stream().map(EventStoreRows.Row::payload).collect(Collectors.joining()))
                .contains("\"sealed\"").doesNotContain(markers.get(0));

        List<String> carried = new ArrayList<>();
        subscriber.deliveries.forEach(delivery -> carried.add(delivery.text() + delivery.headers()));
        carried.add(stream.getResponse().getContentAsString(StandardCharsets.UTF_8));
        feed.after(0, 100_000).forEach(entry -> carried.add(entry.data() + entry.subject()));
        assertThat(subscriber.deliveries).isNotEmpty();
        for (String text : carried) {
            for (String marker : markers) {
                assertThat(text).doesNotContain(marker);
            }
            assertThat(text).doesNotContain(CANARY_BIRTH_DATE.toString());
        }
    }
}
