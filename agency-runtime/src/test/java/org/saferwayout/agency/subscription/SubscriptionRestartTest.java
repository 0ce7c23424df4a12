package org.saferwayout.agency.subscription;

import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.TestAgencyApplication;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.SurvivorRef;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ALERT service stopped in the middle of delivering and started again on the same databases: the
 * subscriber still gets every notification, once after de-duplication, in order per referral, and the feed
 * holds each event once.
 */
class SubscriptionRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static String[] properties(String run, int port) {
        String h2 = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        return new String[]{
                "spring.config.import=classpath:agency-runtime.yml",
                "swo.agency.id=alert",
                "swo.data-dir=target/test-data",
                "spring.datasource.url=jdbc:h2:mem:subs-private-" + run + h2,
                "spring.datasource.username=swo",
                "spring.datasource.password=swo-private",
                "swo.exchange.jdbc-url=jdbc:h2:mem:subs-exchange-" + run + h2,
                "swo.exchange.username=swo",
                "swo.exchange.password=swo-exchange",
                "swo.keys.jdbc-url=jdbc:h2:mem:subs-keys-" + run + h2,
                "swo.keys.kek-directory=target/test-keys/" + run,
                "swo.read-model.mongo-uri=",
                "swo.read-model.embedded-file=",
                "server.port=" + port,
                "swo.subscriptions.initial-backoff=10ms",
                "swo.subscriptions.max-backoff=100ms",
                "swo.subscriptions.poll-interval=50ms",
                "swo.subscriptions.max-attempts=15"
        };
    }

    private static ConfigurableApplicationContext start(String run) throws IOException {
        int port = LoopbackPorts.bindFree(candidate -> {
            try (ServerSocket probe = new ServerSocket(candidate, 1, java.net.InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            }
        });
        // As command-line arguments: they outrank agency-runtime.yml, which default properties would not.
        return new SpringApplicationBuilder(TestAgencyApplication.class).run(java.util.Arrays.stream(properties(run, port))
                .map(property -> "--" + property).toArray(String[]::new));
    }

    private static List<ReferralStatusChanged> publish(ConfigurableApplicationContext service, List<String> referrals,
                                                       Map<String, List<String>> expectedPerReferral,
                                                       ReferralStatus status) {
        ExchangePublisher exchange = service.getBean(ExchangePublisher.class);
        List<ReferralStatusChanged> published = new ArrayList<>();
        for (String referralId : referrals) {
            ReferralStatusChanged event = WebhookDeliveryTest.statusChange(referralId, UUID.randomUUID().toString(),
                    SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT, status, null);
            exchange.publish(event);
            published.add(event);
            expectedPerReferral.computeIfAbsent(referralId, id -> new ArrayList<>()).add(event.eventId().toString());
        }
        return published;
    }

    @Test
    void stoppingTheServiceMidDeliveryLosesNothingAndDeliversNothingTwiceAfterDeDuplication() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> referrals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            referrals.add(UUID.randomUUID().toString());
        }
        Map<String, List<String>> expectedPerReferral = new LinkedHashMap<>();

        ConfigurableApplicationContext service = start(run);
        UnreliableSubscriber subscriber;
        try {
            Instant now = Instant.now();
            String secret = WebhookSignatures.newSecret();
            subscriber = new UnreliableSubscriber(secret, 0.3);
            subscriber.latency(Duration.ofMillis(15));
            service.getBean(WebhookSubscriptions.class).register(new WebhookSubscription(UUID.randomUUID().toString(),
                    AgencyId.ALERT, subscriber.callbackUrl(), EnumSet.noneOf(NotificationType.class), secret,
                    "alert-system", now, service.getBean(NotificationFeed.class).lastPosition(), 0, now, null));
            for (ReferralStatus status : List.of(ReferralStatus.RECEIVED, ReferralStatus.ACCEPTED,
                    ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED)) {
                publish(service, referrals, expectedPerReferral, status);
            }
            await().atMost(PATIENCE).until(() -> subscriber.received.size() >= 30);
        } finally {
            service.close();
        }
        int beforeRestart = subscriber.received.size();
        assertThat(beforeRestart).as("stopped mid-delivery").isLessThan(160);

        service = start(run);
        try {
            publish(service, referrals, expectedPerReferral, ReferralStatus.ON_HOLD);
            Set<String> expected = expectedPerReferral.values().stream().flatMap(List::stream).collect(Collectors.toSet());
            assertThat(expected).hasSize(200);
            await().atMost(PATIENCE).until(() -> subscriber.received.stream().map(CloudEvent::getId)
                    .collect(Collectors.toSet()).containsAll(expected));

            assertThat(subscriber.received).extracting(CloudEvent::getId).doesNotHaveDuplicates().hasSize(200);
            Map<String, List<String>> receivedPerReferral = new HashMap<>();
            subscriber.received.forEach(event -> receivedPerReferral
                    .computeIfAbsent(event.getSubject(), id -> new ArrayList<>()).add(event.getId()));
            assertThat(receivedPerReferral).isEqualTo(expectedPerReferral);
            JdbcTemplate privateDatabase = new JdbcTemplate(service.getBean(DataSource.class));
            assertThat(privateDatabase.queryForObject("SELECT COUNT(*) FROM notification_feed", Long.class)).isEqualTo(200);
            assertThat(privateDatabase.queryForObject("SELECT COUNT(DISTINCT event_id) FROM notification_feed",
                    Long.class)).isEqualTo(200);
        } finally {
            service.close();
            subscriber.close();
        }
    }
}
