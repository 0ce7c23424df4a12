package org.saferwayout.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.serialization.json.JacksonSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Drives N referrals from ALERT to CEASE through the running network and reports throughput and
 * propagation latency (from ALERT's 202 for the referral to the referral being readable in CEASE's inbox),
 * then, on the same exchange database, the bare Axon append rate as the reference.
 */
final class ReferralBenchmark {

    private ReferralBenchmark() {
    }

    static int run(String[] options) throws Exception {
        int referrals = Integer.parseInt(NetworkCommand.option(options, "--referrals", "500"));
        int concurrency = Integer.parseInt(NetworkCommand.option(options, "--concurrency", "8"));
        String issuer = NetworkCommand.option(options, "--issuer", "http://127.0.0.1:9000");
        String alert = NetworkCommand.option(options, "--alert", "http://127.0.0.1:8081");
        String cease = NetworkCommand.option(options, "--cease", "http://127.0.0.1:8082");
        String exchangeUrl = NetworkCommand.option(options, "--exchange-jdbc-url",
                NetworkTopology.embedded(java.nio.file.Path.of("."), java.nio.file.Path.of(".")).exchangeJdbcUrl());

        NetworkClient client = new NetworkClient(issuer);
        String coordinator = client.token("alert-coordinator");
        String intake = client.token("cease-intake");
        // One case per referral, opened before timing: a referral's cost must not grow with its case's history.
        List<String> caseIds = new java.util.ArrayList<>();
        for (int i = 0; i < referrals; i++) {
            caseIds.add(client.openCase(alert, coordinator));
        }

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Map<String, Boolean> seen = new ConcurrentHashMap<>();

        Thread watcher = new Thread(() -> watchInbox(client, cease, intake, referrals, sentAt, seen, latency), "inbox-watcher");
        long start = System.nanoTime();
        watcher.start();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> sends = new java.util.ArrayList<>();
        for (String caseId : caseIds) {
            sends.add(senders.submit(() -> {
                String referralId = client.refer(alert, coordinator, caseId, "cease", "EXIT_SUPPORT");
                sentAt.putIfAbsent(referralId, System.nanoTime());
                return null;
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        long sent = System.nanoTime();
        senders.shutdown();
        watcher.join(TimeUnit.MINUTES.toMillis(10));
        long done = System.nanoTime();

        double sendSeconds = (sent - start) / 1e9;
        double endToEndSeconds = (done - start) / 1e9;
        System.out.printf("Referrals: %d (concurrency %d), all visible in CEASE's inbox: %s%n", referrals, concurrency,
                seen.size() == referrals);
        System.out.printf("Accepted by ALERT: %.1f referrals/s; delivered end to end: %.1f referrals/s%n",
                referrals / sendSeconds, referrals / endToEndSeconds);
        System.out.printf("Propagation latency (ALERT 202 -> readable in CEASE inbox), ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(95) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
        double appendRate = bareAppendRate(exchangeUrl, referrals * 4);
        System.out.printf("Bare Axon append rate on the same exchange database (one event per transaction): %.1f events/s%n",
                appendRate);
        return seen.size() == referrals ? 0 : 1;
    }

    /** Polls CEASE's inbox and records, for each referral, when it first became readable there. */
    private static void watchInbox(NetworkClient client, String cease, String token, int expected,
                                   Map<String, Long> sentAt, Map<String, Boolean> seen, Histogram latency) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        try {
            while (seen.size() < expected && System.nanoTime() < deadline) {
                JsonNode page = NetworkClient.expect(200, client.get(cease + "/api/referrals/inbox?size=1000", token));
                long now = System.nanoTime();
                for (JsonNode entry : page.get("referrals")) {
                    firstSeen.putIfAbsent(entry.get("referralId").asText(), now);
                }
                for (Map.Entry<String, Long> entry : firstSeen.entrySet()) {
                    Long sent = sentAt.get(entry.getKey());
                    if (sent != null && seen.putIfAbsent(entry.getKey(), Boolean.TRUE) == null) {
                        latency.recordValue(Math.max(0, (entry.getValue() - sent) / 1000));
                    }
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("inbox watcher failed", e);
        }
    }

    /** Appends events one per transaction into a scratch table of the same exchange database. */
    private static double bareAppendRate(String jdbcUrl, int events) throws Exception {
        String table = "bench_events_" + Long.toHexString(System.nanoTime());
        EventSchema schema = EventSchema.builder().eventTable(table).build();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "swo", "swo-exchange")) {
            connection.setAutoCommit(true);
            PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection, schema).executeUpdate();
            ConnectionProvider provider = () -> new NonClosingConnection(connection).proxy();
            JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                    .connectionProvider(provider)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .schema(schema)
                    .snapshotSerializer(JacksonSerializer.defaultSerializer())
                    .eventSerializer(JacksonSerializer.defaultSerializer())
                    .build();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                engine.appendEvents(new GenericEventMessage<>(Map.of("referral", i, "at", Instant.now().toString())));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Statement drop = connection.createStatement()) {
                drop.execute("DROP TABLE " + table);
            }
            return events / seconds;
        }
    }

    /** Lets the engine "close" the one connection the benchmark reuses. */
    private record NonClosingConnection(Connection delegate) {
        Connection proxy() {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (p, method, args) ->
                            method.getName().equals("close") ? null : method.invoke(delegate, args));
        }
    }
}
