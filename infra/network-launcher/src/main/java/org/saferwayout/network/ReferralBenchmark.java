package org.saferwayout.network;

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
import java.io.PrintStream;
import java.util.Map;

/**
 * Drives N referrals from ALERT to CEASE through the running network and reports throughput and
 * propagation latency (from ALERT's 202 for the referral to the referral being readable in CEASE's inbox),
 * then, on the same exchange database, the bare Axon append rate as the reference. Closed loop: each of
 * C workers refers, then polls CEASE for that referral every 5 ms, then refers the next.
 */
final class ReferralBenchmark {

    private ReferralBenchmark() {
    }

    static int run(String[] options, PrintStream out) throws Exception {
        int referrals = Integer.parseInt(NetworkCommand.option(options, "--referrals", "500"));
        int concurrency = Integer.parseInt(NetworkCommand.option(options, "--concurrency", "8"));
        BenchmarkTarget target = BenchmarkTarget.from(options);
        String exchangeUrl = NetworkCommand.option(options, "--exchange-jdbc-url",
                NetworkTopology.embedded(java.nio.file.Path.of("."), java.nio.file.Path.of(".")).exchangeJdbcUrl());

        NetworkClient client = new NetworkClient(target.issuer());
        // One case per referral, opened before timing: a referral's cost must not grow with its case's history.
        SealingBenchmark.Run run = SealingBenchmark.measure(client, target, client.token("alert-coordinator"),
                client.token("cease-intake"), SealingBenchmark.Variant.NO_PERSONAL_DATA, referrals, concurrency);
        Histogram latency = run.latency();
        int delivered = run.delivered();
        double seconds = run.seconds();

        out.printf("Referrals: %d at concurrency %d; delivered to CEASE's inbox: %d%n", referrals, concurrency,
                delivered);
        out.printf("Throughput (requested by ALERT and readable in CEASE's inbox): %.1f referrals/s%n",
                delivered / seconds);
        out.printf("Propagation latency (ALERT's 202 -> readable in CEASE's inbox), ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(95) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
        double appendRate = bareAppendRate(exchangeUrl, referrals * 4);
        out.printf("Bare Axon append rate on the same exchange database (one event per transaction): %.1f events/s%n",
                appendRate);
        return delivered == referrals ? 0 : 1;
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
