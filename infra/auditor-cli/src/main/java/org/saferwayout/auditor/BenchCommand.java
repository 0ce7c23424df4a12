package org.saferwayout.auditor;

import org.saferwayout.exchange.audit.CheckpointSigner;
import org.saferwayout.exchange.audit.ConnectionSource;
import org.saferwayout.exchange.audit.ExchangeCheckpointer;
import org.saferwayout.exchange.audit.ExchangeVerifier;
import org.saferwayout.exchange.audit.JdbcAuditSource;
import org.saferwayout.exchange.audit.VerificationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Verification throughput: generates an exchange of {@code --events} rows shaped like sealed integration events
 * (H2 file in PostgreSQL mode, Axon's table), lets the checkpointer build its tree and checkpoints, then times
 * verification of the live database and of an exported bundle. Figures go to BENCHMARKS.md by hand.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures verification throughput on a generated exchange (default 1,000,000 events).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "events to generate (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--dir", defaultValue = "target/bench-audit", description = "working directory, emptied first (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--reuse", description = "keep an exchange a previous run generated in --dir (generating 1,000,000 takes minutes)")
    boolean reuse;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean generate = !(reuse && Files.exists(dir.resolve("exchange.mv.db")));
        if (generate) {
            deleteRecursively(dir);
            Files.createDirectories(dir);
        }
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("exchange")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        ConnectionSource exchange = () -> DriverManager.getConnection(url, "swo", "bench");
        try (Connection keepOpen = exchange.open()) {
            out.printf("Machine: %d cores, Java %s, max heap %,d MB%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
            long started = System.nanoTime();
            if (generate) {
                long bytes = generate(keepOpen, events);
                out.printf("Generated %,d events (%,d MB of payload and metadata) in %.1f s%n", events, bytes >> 20, seconds(started));
            } else {
                out.println("Reusing the exchange in " + dir);
            }

            started = System.nanoTime();
            ExchangeCheckpointer checkpointer = new ExchangeCheckpointer(exchange, CheckpointSigner.generate(),
                    new ExchangeCheckpointer.Settings(1000, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(60), 10_000),
                    Clock.systemUTC());
            checkpointer.createTables();
            while (checkpointer.appendNewEvents() > 0) {
                // until the tree has every event
            }
            checkpointer.appendAndCheckpointNow();
            double checkpointing = seconds(started);
            out.printf(generate ? "Checkpointer: %,d leaves appended and checkpointed in %.1f s (%,.0f events/s)%n"
                            : "Checkpointer: the tree already has %,d leaves (checked in %.1f s)%n",
                    checkpointer.treeSize(), checkpointing, checkpointer.treeSize() / checkpointing);

            // A first pass warms the JIT (SHA-256 runs on the CPU's SHA instructions only once compiled), as an
            // auditor's long run would be; the figures are from the second.
            ExchangeVerifier.verify(new JdbcAuditSource(exchange), ExchangeVerifier.Options.defaults());
            VerificationReport live = ExchangeVerifier.verify(new JdbcAuditSource(exchange), ExchangeVerifier.Options.defaults());
            out.printf("verify --jdbc-url (H2 embedded): %s, %,d events in %.1f s = %,.0f events/s%n",
                    live.intact() ? "intact" : "NOT INTACT", live.leaves(), live.elapsed().toMillis() / 1000.0, live.leavesPerSecond());

            Path bundle = dir.resolve("exchange-bundle.jsonl");
            started = System.nanoTime();
            BundleExport.export(new JdbcAuditSource(exchange), bundle, new ProgressBar(spec.commandLine().getErr(), "export", false));
            out.printf("export: %,d MB bundle in %.1f s%n", Files.size(bundle) >> 20, seconds(started));

            VerificationReport offline = ExchangeVerifier.verify(new BundleAuditSource(bundle), ExchangeVerifier.Options.defaults());
            out.printf("verify --bundle: %s, %,d events in %.1f s = %,.0f events/s%n",
                    offline.intact() ? "intact" : "NOT INTACT", offline.leaves(), offline.elapsed().toMillis() / 1000.0,
                    offline.leavesPerSecond());
            return live.intact() && offline.intact() ? AuditorCommand.INTACT : AuditorCommand.TAMPERED;
        }
    }

    /** Rows like the exchange's: a sealed referral's JSON (ciphertext in base64), Axon's metadata, ~1 KB each. */
    private static long generate(Connection connection, int count) throws Exception {
        try (Statement statement = connection.createStatement()) {
            // The same table as Axon's PostgresEventTableFactory creates for the exchange.
            statement.execute("CREATE TABLE IF NOT EXISTS domainevententry (globalindex BIGSERIAL NOT NULL,"
                    + " aggregateidentifier VARCHAR(255) NOT NULL, sequencenumber BIGINT NOT NULL, type VARCHAR(255),"
                    + " eventidentifier VARCHAR(255) NOT NULL, metadata BYTEA, payload BYTEA NOT NULL,"
                    + " payloadrevision VARCHAR(255), payloadtype VARCHAR(255) NOT NULL, timestamp VARCHAR(255) NOT NULL,"
                    + " PRIMARY KEY (globalindex), UNIQUE (aggregateidentifier, sequencenumber), UNIQUE (eventidentifier))");
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(6);
        byte[] sealed = new byte[480];
        long bytes = 0;
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry (aggregateidentifier,"
                + " sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Instant time = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < count; i++) {
                for (int b = 0; b < sealed.length; b += 4) {
                    int bits = random.nextInt();
                    sealed[b] = (byte) bits; sealed[b + 1] = (byte) (bits >> 8); sealed[b + 2] = (byte) (bits >> 16); sealed[b + 3] = (byte) (bits >> 24);
                }
                String id = UUID.randomUUID().toString();
                byte[] payload = ("{\"referralId\":\"" + id + "\",\"survivorRef\":\"SR-" + Long.toHexString(random.nextLong())
                        + "\",\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\","
                        + "\"personalData\":{\"sealed\":\"" + Base64.getEncoder().encodeToString(sealed) + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] metaData = ("{\"traceId\":\"" + Long.toHexString(random.nextLong()) + "\",\"correlationId\":\"" + id
                        + "\",\"publishedBy\":\"alert\"}").getBytes(StandardCharsets.UTF_8);
                insert.setString(1, id);
                insert.setLong(2, 0);
                insert.setString(3, null);
                insert.setString(4, UUID.randomUUID().toString());
                insert.setBytes(5, metaData);
                insert.setBytes(6, payload);
                insert.setString(7, null);
                insert.setString(8, "org.saferwayout.events.ReferralRequested");
                insert.setString(9, time.plusMillis(i).toString());
                insert.addBatch();
                bytes += payload.length + metaData.length;
                if (i % 5000 == 4999) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        connection.setAutoCommit(true);
        return bytes;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path each : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
