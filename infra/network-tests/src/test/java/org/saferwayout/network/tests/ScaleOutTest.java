package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkNode;
import org.saferwayout.network.NetworkTopology;
import org.saferwayout.network.NetworkTopology.Agency;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of CEASE's service side by side (ADR 019): the exchange and CEASE's private store (its tokens with
 * it) on PostgreSQL, its read models in one shared read-model store process, two segments per processor. ALERT
 * refers survivors to CEASE and CEASE's staff act on the referrals through both instances. Both instances claim
 * segments and handle events; every referral reaches the shared inbox once and every status change CEASE publishes
 * reaches the exchange once; after a kill -9 of one instance in the middle of the traffic the other takes its
 * segments over and every referral sent after the kill is handled too.
 */
class ScaleOutTest {

    private static final int PORT_OFFSET = 20_000;
    private static final int SECOND_INSTANCE_PORT = NetworkTopology.DEFAULT.agencies().get(Agency.CEASE) + 20_500;
    private static final int READ_MODEL_PORT = 9017 + PORT_OFFSET;
    private static final int REFERRALS_WHILE_BOTH_RUN = 100;
    private static final int REFERRALS_AROUND_THE_KILL = 100;
    /** Short, so the surviving instance takes the dead one's segments over quickly; Axon's default is 10 s. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(4);
    /** The processors CEASE shares through segments (agency-runtime.yml); the notification feed keeps one. */
    private static final List<String> SHARED_PROCESSORS =
            List.of("exchange-intake", "exchange-publisher", "referral-inbox", "support-cases");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFERRAL_REQUESTED = "org.saferwayout.referral.requested";

    @Test
    void twoCeaseInstancesShareTheWorkHandleEachReferralOnceAndCarryOnWhenOneIsKilled() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String exchange = "swo_scale_exchange_" + suffix;
        String keys = "swo_scale_keys_" + suffix;
        Map<Agency, String> privateStores = new EnumMap<>(Agency.class);
        privateStores.put(Agency.ALERT, "swo_scale_alert_" + suffix);
        privateStores.put(Agency.CEASE, "swo_scale_cease_" + suffix);
        List<String> databases = new ArrayList<>(privateStores.values());
        databases.add(exchange);
        databases.add(keys);
        Function<Agency, List<String>> stores = agency -> {
            List<String> args = new ArrayList<>(PostgresDatabases.serviceArgs(exchange, keys, privateStores.get(agency)));
            if (agency == Agency.CEASE) {
                args.addAll(List.of("--swo.read-model.mongo-uri=mongodb://127.0.0.1:" + READ_MODEL_PORT,
                        "--swo.processors.segments=2",
                        "--swo.processors.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s",
                        "--swo.processors.sharing-interval=1s"));
            }
            return args;
        };
        PostgresDatabases.create(databases);
        NetworkTopology topology = RunningNetwork.topology("scale-out", PORT_OFFSET, List.of(Agency.ALERT, Agency.CEASE), stores);
        NetworkNode readModels = topology.sharedReadModelStore(Agency.CEASE, READ_MODEL_PORT);
        NetworkNode second = topology.agencyInstance(Agency.CEASE, 2, SECOND_INSTANCE_PORT);
        try {
            readModels.start();
            readModels.awaitHealthy(Duration.ofSeconds(60));
            try (Network network = RunningNetwork.start(topology)) {
                // The second instance starts once the first has made CEASE's key-encryption key (one per agency).
                second.start();
                second.awaitHealthy(Duration.ofSeconds(240));
                try (WebhookReceiver webhooks = new WebhookReceiver()) {
                    shareAndSurviveAKill(network, second, privateStores.get(Agency.CEASE), exchange, webhooks);
                }
            } finally {
                second.stop();
            }
        } finally {
            readModels.stop();
            PostgresDatabases.drop(databases);
        }
    }

    private void shareAndSurviveAKill(Network network, NetworkNode second, String ceaseStore, String exchange,
                                      WebhookReceiver webhooks) throws Exception {
        NetworkClient client = RunningNetwork.client(network);
        NetworkNode first = network.agency(Agency.CEASE);
        String alertUrl = network.topology().agencyUrl(Agency.ALERT);
        String coordinator = client.token("alert-coordinator");
        String intake = client.token("cease-intake");
        List<String> caseIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            caseIds.add(client.openCase(alertUrl, coordinator));
        }

        // (1) Both instances hold segments of every shared processor once the first has given some away.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Set<String>> owners = ownersByProcessor(ceaseStore);
            for (String processor : SHARED_PROCESSORS) {
                assertThat(owners.get(processor)).as(processor)
                        .containsExactlyInAnyOrder(owner(first), owner(second));
            }
        });
        assertThat(segmentsByProcessor(ceaseStore)).as("segments per processor")
                .containsAllEntriesOf(Map.of("exchange-intake", 2, "exchange-publisher", 2, "referral-inbox", 2,
                        "support-cases", 2));

        // CEASE's case software subscribes to new referrals: one instance at a time must deliver them.
        NetworkClient.expect(201, client.post(first.baseUrl() + "/api/subscriptions", client.token("cease-supervisor"),
                NetworkClient.json(Map.of("callbackUrl", webhooks.url(), "eventTypes", List.of(REFERRAL_REQUESTED)))));

        List<String> whileBothRun = refer(client, alertUrl, coordinator, caseIds, REFERRALS_WHILE_BOTH_RUN, () -> { });
        // Both instances answer from the one shared inbox, and hold every referral once.
        for (NetworkNode instance : List.of(first, second)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(CeaseKilledDuringBurstTest.inboxIds(client, instance.baseUrl(), intake)).containsAll(whileBothRun));
            List<String> inbox = CeaseKilledDuringBurstTest.inboxIds(client, instance.baseUrl(), intake);
            assertThat(new HashSet<>(inbox)).hasSize(inbox.size());
        }
        // Staff accept through both instances, alternately; the acceptances go out through both instances' segments.
        acceptAlternately(client, List.of(first, second), intake, whileBothRun);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(statusChangesFromCease(exchange, "ACCEPTED").keySet()).containsAll(whileBothRun));
        // Both handled events, and together each of them once: the two inbox projections handled CEASE's referral
        // events once between them, the two publishers each acceptance once.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(handledEvents(client, first).get("referral-inbox") + handledEvents(client, second).get("referral-inbox"))
                    .isEqualTo(PostgresDatabases.count(ceaseStore, "select count(*) from domainevententry where type = 'IncomingReferral'"));
            assertThat(handledEvents(client, first).get("exchange-publisher") + handledEvents(client, second).get("exchange-publisher"))
                    .isEqualTo(PostgresDatabases.count(ceaseStore, "select count(*) from domainevententry"
                            + " where payloadtype like '%IncomingReferralStatusChangedEvent'"));
        });
        Map<String, Long> firstBeforeKill = handledEvents(client, first);
        Map<String, Long> secondBeforeKill = handledEvents(client, second);
        System.out.println("[scale-out] events handled while both ran: " + first.name() + " " + firstBeforeKill
                + ", " + second.name() + " " + secondBeforeKill);
        assertThat(total(firstBeforeKill)).as("events handled by " + first.name()).isPositive();
        assertThat(total(secondBeforeKill)).as("events handled by " + second.name()).isPositive();

        // Each new referral was posted to the case software once, though both instances read the one feed.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(webhooks.received.keySet()).containsAll(whileBothRun));
        assertThat(new HashSet<>(webhooks.received.values())).as("webhook posts per referral").containsExactly(1);

        // (3) kill -9 of the second instance in the middle of the next burst; meanwhile, watch the claims.
        AtomicInteger sentSoFar = new AtomicInteger();
        CountDownLatch killed = new CountDownLatch(1);
        long[] killedAt = new long[1];
        ExecutorService burst = Executors.newSingleThreadExecutor();
        Future<List<String>> sending = burst.submit(() -> refer(client, alertUrl, coordinator, caseIds,
                REFERRALS_AROUND_THE_KILL, () -> {
                    if (sentSoFar.incrementAndGet() == REFERRALS_AROUND_THE_KILL / 4) {
                        try {
                            second.kill();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        killedAt[0] = System.nanoTime();
                        killed.countDown();
                    }
                }));
        burst.shutdown();
        assertThat(killed.await(3, TimeUnit.MINUTES)).isTrue();
        assertThat(second.isAlive()).isFalse();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, Set<String>> owners = ownersByProcessor(ceaseStore);
            for (String processor : SHARED_PROCESSORS) {
                assertThat(owners.get(processor)).as(processor).containsExactly(owner(first));
            }
        });
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt[0]);
        System.out.println("[scale-out] the surviving instance held every segment " + takeover.toMillis()
                + " ms after the kill (claim timeout " + CLAIM_TIMEOUT.toMillis() + " ms)");
        assertThat(takeover).isGreaterThanOrEqualTo(CLAIM_TIMEOUT.minusSeconds(1));

        List<String> aroundTheKill = sending.get(3, TimeUnit.MINUTES);
        assertThat(sentSoFar.get()).isEqualTo(REFERRALS_AROUND_THE_KILL);

        // (2) Everything handled, nothing twice: the shared inbox holds every referral once...
        List<String> all = new ArrayList<>(whileBothRun);
        all.addAll(aroundTheKill);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(CeaseKilledDuringBurstTest.inboxIds(client, first.baseUrl(), intake)).containsAll(all));
        List<String> inbox = CeaseKilledDuringBurstTest.inboxIds(client, first.baseUrl(), intake);
        assertThat(inbox).hasSize(all.size());
        assertThat(new HashSet<>(inbox)).isEqualTo(new HashSet<>(all));
        // ... the work goes on through the survivor, and every status change CEASE published is on the exchange once.
        acceptAlternately(client, List.of(first), intake, aroundTheKill);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(statusChangesFromCease(exchange, "ACCEPTED").keySet()).containsAll(all));
        Map<String, Integer> acceptances = statusChangesFromCease(exchange, "ACCEPTED");
        assertThat(acceptances.keySet()).isEqualTo(new HashSet<>(all));
        assertThat(new HashSet<>(acceptances.values())).as("acceptances published per referral").containsExactly(1);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(webhooks.received.keySet()).containsAll(all));
        System.out.println("[scale-out] webhook posts: " + webhooks.received.values().stream().mapToInt(Integer::intValue).sum()
                + " for " + webhooks.received.size() + " referrals");
        Map<String, Long> survivorAtEnd = handledEvents(client, first);
        Map<String, Long> afterTheKill = new HashMap<>();
        survivorAtEnd.forEach((processor, handled) -> afterTheKill.put(processor, handled - firstBeforeKill.get(processor)));
        System.out.println("[scale-out] events handled by " + first.name() + " after the kill: " + afterTheKill
                + ", in all " + total(afterTheKill) + "; events in CEASE's private store at the end: "
                + PostgresDatabases.count(ceaseStore, "select count(*) from domainevententry"));
        assertThat(survivorAtEnd.get("referral-inbox")).isGreaterThan(firstBeforeKill.get("referral-inbox"));
    }

    /** Sends {@code count} referrals from ALERT to CEASE on four threads, calling {@code afterEach} after each one. */
    private static List<String> refer(NetworkClient client, String alertUrl, String coordinator, List<String> caseIds,
                                      int count, Runnable afterEach) throws Exception {
        Set<String> sent = ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String caseId = caseIds.get(i % caseIds.size());
                sends.add(senders.submit(() -> {
                    sent.add(client.refer(alertUrl, coordinator, caseId, "cease", "EXIT_SUPPORT"));
                    afterEach.run();
                    return null;
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        } finally {
            senders.shutdown();
        }
        assertThat(sent).hasSize(count);
        return new ArrayList<>(sent);
    }

    private static void acceptAlternately(NetworkClient client, List<NetworkNode> instances, String token,
                                          List<String> referrals) throws Exception {
        for (int i = 0; i < referrals.size(); i++) {
            String url = instances.get(i % instances.size()).baseUrl() + "/api/referrals/inbox/" + referrals.get(i)
                    + "/actions/ACCEPT";
            NetworkClient.expect(200, client.post(url, token, ""));
        }
    }

    /** Axon's owner of a claim: {@code pid@host}, the instance's JVM name. */
    private static String owner(NetworkNode instance) throws Exception {
        String host = java.net.InetAddress.getLocalHost().getHostName();
        return instance.pid() + "@" + host;
    }

    /** Who holds each processor's segments: owners, and {@code unclaimed} for a segment nobody holds. */
    private static Map<String, Set<String>> ownersByProcessor(String database) throws Exception {
        Map<String, Set<String>> owners = new HashMap<>();
        query(database, "select processorname, coalesce(owner, 'unclaimed') from tokenentry", row ->
                owners.computeIfAbsent(row.getString(1), name -> new HashSet<>()).add(row.getString(2)));
        return owners;
    }

    private static Map<String, Integer> segmentsByProcessor(String database) throws Exception {
        Map<String, Integer> segments = new HashMap<>();
        query(database, "select processorname, count(*) from tokenentry group by processorname", row ->
                segments.put(row.getString(1), row.getInt(2)));
        return segments;
    }

    /** How many times the exchange holds a status change to {@code status} published by CEASE, per referral. */
    private static Map<String, Integer> statusChangesFromCease(String exchange, String status) throws Exception {
        Map<String, Integer> changes = new HashMap<>();
        query(exchange, "select payload from domainevententry"
                + " where payloadtype = 'org.saferwayout.events.ReferralStatusChanged'", row -> {
            JsonNode change = JSON.readTree(row.getBytes(1));
            if (change.get("sourceAgency").asText().equals("cease") && change.get("status").asText().equals(status)) {
                changes.merge(change.get("referralId").asText(), 1, Integer::sum);
            }
        });
        return changes;
    }

    /** Events each shared processor of the instance handled, from Axon's counters in its Prometheus metrics. */
    private static Map<String, Long> handledEvents(NetworkClient client, NetworkNode instance) throws Exception {
        NetworkClient.Response response = client.get(instance.baseUrl() + "/actuator/prometheus", null);
        assertThat(response.status()).isEqualTo(200);
        String metrics = response.body();
        Map<String, Long> handled = new HashMap<>();
        for (String line : metrics.split("\n")) {
            for (String processor : SHARED_PROCESSORS) {
                if (line.startsWith(processor.replace('-', '_') + "_successCounter_total{")) {
                    handled.put(processor, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        }
        assertThat(handled).as("success counters of " + instance.name()).containsOnlyKeys(SHARED_PROCESSORS);
        return handled;
    }

    private static long total(Map<String, Long> handled) {
        return handled.values().stream().mapToLong(Long::longValue).sum();
    }

    /** CEASE's case software: a webhook endpoint that counts the posts it gets per referral. */
    private static final class WebhookReceiver implements AutoCloseable {

        final Map<String, Integer> received = new ConcurrentHashMap<>();
        private final HttpServer server;

        WebhookReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/notifications", post -> {
                JsonNode event = JSON.readTree(post.getRequestBody().readAllBytes());
                if (event.path("type").asText().equals(REFERRAL_REQUESTED)) {
                    received.merge(event.path("subject").asText(), 1, Integer::sum);
                }
                post.sendResponseHeaders(204, -1);
                post.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/notifications";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private interface RowReader {
        void read(ResultSet row) throws Exception;
    }

    private static void query(String database, String sql, RowReader reader) throws Exception {
        try (Connection connection = DriverManager.getConnection(PostgresDatabases.POSTGRES + database, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }
}
