package org.saferwayout.agency.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.IntegrationEvent;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Webhook delivery to an agency system on 127.0.0.1 through the real reference subscriber: with this runtime
 * as ALERT, other agencies played by publishing their integration events onto the exchange.
 */
@AgencyRuntimeTest
class WebhookDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private ObjectMapper json;

    private final List<UnreliableSubscriber> subscribers = new ArrayList<>();
    private final List<String> subscriptionIds = new ArrayList<>();

    @AfterEach
    void unsubscribe() throws Exception {
        for (String id : subscriptionIds) {
            mvc.perform(delete("/api/subscriptions/{id}", id).with(alertSystem()));
        }
        subscribers.forEach(UnreliableSubscriber::close);
    }

    static org.springframework.test.web.servlet.request.RequestPostProcessor alertSystem() {
        return Tokens.forSubject("alert-system", "alert", "AGENCY_SYSTEM");
    }

    /** Registers a webhook through the API; returns its id and secret. */
    private Map.Entry<String, String> subscribe(String callbackUrl, String eventTypes) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/subscriptions").with(alertSystem())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"callbackUrl\":\"" + callbackUrl + "\",\"eventTypes\":[" + eventTypes + "]}"))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        JsonNode registered = json.readTree(response.getContentAsString());
        subscriptionIds.add(registered.get("subscriptionId").asText());
        return Map.entry(registered.get("subscriptionId").asText(), registered.get("signingSecret").asText());
    }

    private UnreliableSubscriber subscriber(double failureRate) throws Exception {
        // The secret is only known after registering; register at a placeholder, then point it at the subscriber.
        Map.Entry<String, String> subscription = subscribe("http://127.0.0.1:19999/pending", "");
        UnreliableSubscriber subscriber = new UnreliableSubscriber(subscription.getValue(), failureRate);
        subscribers.add(subscriber);
        MockHttpServletResponse changed = mvc.perform(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/subscriptions/{id}",
                                subscription.getKey()).with(alertSystem())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"callbackUrl\":\"" + subscriber.callbackUrl() + "\",\"eventTypes\":[]}"))
                .andReturn().getResponse();
        assertThat(changed.getStatus()).as(changed.getContentAsString()).isEqualTo(200);
        lastSubscriptionId = subscription.getKey();
        return subscriber;
    }

    private String lastSubscriptionId;

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static ReferralStatusChanged statusChange(String referralId, String caseRef, SurvivorRef survivor, AgencyId from,
                                              AgencyId to, ReferralStatus status, ReferralStatusReason reason) {
        return new ReferralStatusChanged(UUID.randomUUID(), referralId, caseRef, survivor, from, to, status, reason,
                now());
    }

    static ReferralRequested referral(String referralId, SurvivorRef survivor, AgencyId from, AgencyId to) {
        return new ReferralRequested(UUID.randomUUID(), referralId, UUID.randomUUID().toString(), survivor, from, to,
                SupportService.EXIT_SUPPORT, ReferralUrgency.ROUTINE, now(), null, null);
    }

    private static final List<ReferralStatus> LIFECYCLE = List.of(ReferralStatus.RECEIVED, ReferralStatus.ACCEPTED,
            ReferralStatus.IN_PROGRESS, ReferralStatus.ON_HOLD, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED);

    @Test
    void aSubscriberFailingThirtyPercentOfDeliveriesGetsEveryNotificationOnceInOrderPerCaseAndNoOtherAgencys()
            throws Exception {
        UnreliableSubscriber subscriber = subscriber(0.30);
        int referrals = 50;
        Map<String, List<String>> expectedPerReferral = new LinkedHashMap<>();
        Set<String> otherAgencies = new java.util.HashSet<>();
        List<String> referralIds = new ArrayList<>();
        List<String> caseRefs = new ArrayList<>();
        List<SurvivorRef> survivors = new ArrayList<>();
        for (int i = 0; i < referrals; i++) {
            referralIds.add(UUID.randomUUID().toString());
            caseRefs.add(UUID.randomUUID().toString());
            survivors.add(SurvivorRef.issue());
        }
        // Six steps of fifty referrals ALERT sent, interleaved, plus the same for CEASE's referrals to REACH.
        for (ReferralStatus status : LIFECYCLE) {
            for (int i = 0; i < referrals; i++) {
                ReferralStatusChanged toAlert = statusChange(referralIds.get(i), caseRefs.get(i), survivors.get(i),
                        AgencyId.CATHOLIC_SOCIAL_SERVICES, AgencyId.ALERT, status,
                        status == ReferralStatus.COMPLETED ? ReferralStatusReason.GOALS_MET : null);
                exchange.publish(toAlert);
                expectedPerReferral.computeIfAbsent(referralIds.get(i), id -> new ArrayList<>())
                        .add(toAlert.eventId().toString());
                if (i % 5 == 0) {
                    IntegrationEvent toReach = statusChange(referralIds.get(i), caseRefs.get(i), survivors.get(i),
                            AgencyId.CATHOLIC_SOCIAL_SERVICES, AgencyId.REACH, status, null);
                    exchange.publish(toReach);
                    otherAgencies.add(toReach.eventId().toString());
                    IntegrationEvent toCease = referral(UUID.randomUUID().toString(), SurvivorRef.issue(),
                            AgencyId.REACH, AgencyId.CEASE);
                    exchange.publish(toCease);
                    otherAgencies.add(toCease.eventId().toString());
                }
            }
        }
        Set<String> expected = expectedPerReferral.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        assertThat(expected).hasSize(300);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() ->
                subscriber.received.stream().map(CloudEvent::getId).collect(Collectors.toSet()).containsAll(expected));

        List<CloudEvent> mine = subscriber.received.stream().filter(event -> expected.contains(event.getId())
                || otherAgencies.contains(event.getId())).toList();
        assertThat(mine).extracting(CloudEvent::getId).doesNotHaveDuplicates().hasSize(expected.size());
        assertThat(mine).extracting(CloudEvent::getId).doesNotContainAnyElementsOf(otherAgencies);
        Map<String, List<String>> receivedPerReferral = new HashMap<>();
        for (CloudEvent event : mine) {
            receivedPerReferral.computeIfAbsent(event.getSubject(), id -> new ArrayList<>()).add(event.getId());
        }
        assertThat(receivedPerReferral).isEqualTo(expectedPerReferral);
        // Every notification delivered is addressed to ALERT, whoever else published into the exchange meanwhile.
        for (CloudEvent event : subscriber.received) {
            assertThat(json.readTree(event.getData().toBytes()).get("recipientAgency").asText()).isEqualTo("alert");
            assertThat(event.getType()).startsWith("org.saferwayout.");
            assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        }
        // The failures really happened, on both sides of the subscriber's handling.
        assertThat(subscriber.failedBeforeHandling.get()).isGreaterThan(20);
        assertThat(subscriber.failedAfterHandling.get()).isGreaterThan(20);
        JsonNode status = json.readTree(mvc.perform(get("/api/subscriptions/{id}/dead-letters", lastSubscriptionId)
                .with(alertSystem())).andReturn().getResponse().getContentAsString());
        assertThat(status.get("deadLetters")).isEmpty();
    }

    @Test
    void aNotificationRefusedEveryTimeIsDeadLetteredThenRedeliveredOnRequestWhileLaterOnesGoOn() throws Exception {
        UnreliableSubscriber subscriber = subscriber(0.0);
        subscriber.down(true);
        String referralId = UUID.randomUUID().toString();
        SurvivorRef survivor = SurvivorRef.issue();
        ReferralStatusChanged refused = statusChange(referralId, UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, ReferralStatus.RECEIVED, null);
        exchange.publish(refused);

        JsonNode deadLetters = await().atMost(PATIENCE).until(() -> json.readTree(mvc.perform(
                get("/api/subscriptions/{id}/dead-letters", lastSubscriptionId).with(alertSystem()))
                .andReturn().getResponse().getContentAsString()).get("deadLetters"), letters -> letters.size() == 1);
        JsonNode letter = deadLetters.get(0);
        assertThat(letter.get("eventId").asText()).isEqualTo(refused.eventId().toString());
        assertThat(letter.get("attempts").asInt()).isEqualTo(15);
        assertThat(letter.get("lastFailure").asText()).isEqualTo("HTTP 503");
        assertThat(letter.get("type").asText()).isEqualTo("org.saferwayout.referral.status-changed");

        subscriber.down(false);
        ReferralStatusChanged later = statusChange(referralId, UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, ReferralStatus.ACCEPTED, null);
        exchange.publish(later);
        await().atMost(PATIENCE).until(() -> subscriber.received.stream().anyMatch(e -> e.getId().equals(
                later.eventId().toString())));
        assertThat(subscriber.received).extracting(CloudEvent::getId).doesNotContain(refused.eventId().toString());

        MockHttpServletResponse redelivery = mvc.perform(post("/api/subscriptions/{id}/dead-letters/{seq}/redelivery",
                lastSubscriptionId, letter.get("sequence").asLong()).with(alertSystem())).andReturn().getResponse();
        assertThat(redelivery.getStatus()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> subscriber.received.stream().anyMatch(e -> e.getId().equals(
                refused.eventId().toString())));
        await().atMost(PATIENCE).until(() -> json.readTree(mvc.perform(
                get("/api/subscriptions/{id}/dead-letters", lastSubscriptionId).with(alertSystem()))
                .andReturn().getResponse().getContentAsString()).get("deadLetters").isEmpty());
    }

    @Test
    void theReferenceSubscriberRefusesAForgedAReplayedAStaleAndAnAlteredDelivery() throws Exception {
        UnreliableSubscriber subscriber = subscriber(0.0);
        ReferralStatusChanged genuine = statusChange(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT, ReferralStatus.RECEIVED, null);
        exchange.publish(genuine);
        UnreliableSubscriber.Delivery delivery = await().atMost(PATIENCE).until(() -> subscriber.deliveries.stream()
                .filter(d -> d.text().contains(genuine.eventId().toString())).findFirst(), found -> found.isPresent())
                .orElseThrow();
        await().atMost(PATIENCE).until(() -> subscriber.received.size() == 1);

        // Replayed as captured: same id, same signature, within the five minutes.
        assertThat(subscriber.sendDirectly(delivery.headers(), delivery.body())).isEqualTo(409);

        // Altered: another status, the captured signature.
        byte[] altered = delivery.text().replace("\"RECEIVED\"", "\"CANCELLED\"").getBytes(StandardCharsets.UTF_8);
        assertThat(altered).isNotEqualTo(delivery.body());
        Map<String, String> fresh = new HashMap<>(delivery.headers());
        fresh.put("webhook-id", "msg_" + UUID.randomUUID());
        assertThat(subscriber.sendDirectly(fresh, altered)).isEqualTo(401);

        // Forged: a new notification signed with a secret that is not the subscription's.
        String forgedId = "msg_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        byte[] forgedBody = delivery.text().replace(genuine.eventId().toString(), UUID.randomUUID().toString())
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> forged = new HashMap<>(delivery.headers());
        forged.put("webhook-id", forgedId);
        forged.put("webhook-timestamp", timestamp);
        forged.put("webhook-signature", WebhookSignatures.sign(WebhookSignatures.newSecret(), forgedId, timestamp, forgedBody));
        assertThat(subscriber.sendDirectly(forged, forgedBody)).isEqualTo(401);

        // Stale: the captured delivery's timestamp moved back ten minutes (a real old capture would also match).
        Map<String, String> stale = new HashMap<>(delivery.headers());
        stale.put("webhook-id", "msg_" + UUID.randomUUID());
        stale.put("webhook-timestamp", Long.toString(Instant.now().minusSeconds(600).getEpochSecond()));
        assertThat(subscriber.sendDirectly(stale, delivery.body())).isEqualTo(401);

        assertThat(subscriber.received).extracting(CloudEvent::getId).containsExactly(genuine.eventId().toString());
    }
}
