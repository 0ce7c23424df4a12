package org.saferwayout.network;

import org.saferwayout.network.NetworkTopology.Agency;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code network fault-suite [--runs N] [--postgres]} (ADR 016): starts a network of its own (ports offset 19,000,
 * data under {@code target/fault-suite/}), drives sustained referral and consent traffic through it, and one at a
 * time kill -9s every process (each agency service, the exchange store, the identity provider) and restarts it.
 * Then it checks that nothing the agencies accepted was lost or duplicated (exchange and read models), that every
 * read model equals a clean replay of the stores, and that while the exchange store was down the services stayed
 * alive, retried with growing delays and recovered without a restart.
 */
public final class FaultSuite {

    public static final int PORT_OFFSET = 19_000;
    /** The embedded read models listen on their agency's port plus this, so the suite can dump them. */
    private static final int READ_MODEL_PORT_DISTANCE = 100;
    private static final Pattern RETRY = Pattern.compile("preparing for retry in (\\d+)s");
    /** Processors at the head of the stream read through the embedded store's one shared reader, which retries. */
    private static final Pattern SHARED_READER_FAILURE = Pattern.compile(
            "(?m)^(\\S+Z) ERROR .*EmbeddedEventStore\\s+: Failed to read events from the underlying event storage");

    /**
     * @param faultInterval traffic between two faults (and before the first, after the last)
     * @param exchangeOutage how long the exchange store stays dead (the backoff is watched meanwhile)
     */
    public record Settings(Path projectRoot, Path workDir, boolean postgres, int workers, int casesPerAgency,
                           Duration faultInterval, Duration exchangeOutage, Duration drainTimeout) {

        public static Settings full(Path projectRoot) {
            return new Settings(projectRoot, projectRoot.resolve("target/fault-suite"), false, 4, 5,
                    Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofMinutes(4));
        }

        public Settings withFaultInterval(Duration interval) {
            return new Settings(projectRoot, workDir, postgres, workers, casesPerAgency, interval, exchangeOutage, drainTimeout);
        }

        public Settings withPostgres(boolean on) {
            return new Settings(projectRoot, workDir, on, workers, casesPerAgency, faultInterval, exchangeOutage, drainTimeout);
        }
    }

    public record Fault(String process, long pidKilled, long pidRestarted, double secondsDown) {
    }

    /** Everything one run measured and found; passed when nothing was found. */
    public record Report(double trafficSeconds, long referralsAccepted, long consentsRecorded, long consentsWithdrawn,
                         long uncertain, long retried, long referralsResentWithTheirKey, List<Fault> faults,
                         long exchangeEventsChecked,
                         long readModelEntriesChecked, long replayDocumentsCompared, Map<String, List<Integer>> retryDelays,
                         List<String> findings) {

        public boolean passed() {
            return findings.isEmpty();
        }

        public long commandsAccepted() {
            return referralsAccepted + consentsRecorded + consentsWithdrawn;
        }

        public void print(PrintStream out) {
            out.printf("  traffic %.0f s: %d commands accepted (%d referrals, %d consents given, %d withdrawn),"
                            + " %.1f referrals/s and %.1f commands/s sustained; %d sent again (a process down or a token"
                            + " refused), %d referrals whose answer was lost resent with their retry key,"
                            + " %d consent answers lost%n", trafficSeconds, commandsAccepted(), referralsAccepted,
                    consentsRecorded, consentsWithdrawn, referralsAccepted / trafficSeconds,
                    commandsAccepted() / trafficSeconds, retried, referralsResentWithTheirKey, uncertain);
            for (Fault fault : faults) {
                out.printf("  kill -9 %-26s pid %d -> %d, down %.1f s%n", fault.process(), fault.pidKilled(),
                        fault.pidRestarted(), fault.secondsDown());
            }
            out.printf("  exchange outage: retry delays (s) logged per agency %s%n", retryDelays);
            out.printf("  checked: %d exchange events, %d read-model entries against the ledger, %d read-model documents"
                    + " against a clean replay%n", exchangeEventsChecked, readModelEntriesChecked, replayDocumentsCompared);
            out.println(passed() ? "  PASSED" : "  FAILED:\n    " + String.join("\n    ", findings));
        }
    }

    private final Settings settings;
    private final PrintStream progress;

    /** @param progress where each step is announced as it starts (a run takes minutes) */
    public FaultSuite(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    static int run(String[] options, PrintStream out) throws Exception {
        int runs = Integer.parseInt(NetworkCommand.option(options, "--runs", "1"));
        Path root = Path.of(NetworkCommand.option(options, "--project-root", ".")).toAbsolutePath().normalize();
        Settings settings = Settings.full(root).withPostgres(List.of(options).contains("--postgres"))
                .withFaultInterval(Duration.ofSeconds(Long.parseLong(NetworkCommand.option(options, "--fault-interval", "20"))));
        for (int run = 1; run <= runs; run++) {
            out.printf("Fault suite run %d of %d (%s)%n", run, runs, settings.postgres() ? "PostgreSQL" : "embedded H2");
            long started = System.nanoTime();
            Report report = new FaultSuite(settings, out).run("run-" + run);
            report.print(out);
            out.printf("  run took %.0f s%n", (System.nanoTime() - started) / 1e9);
            if (!report.passed()) {
                return 1;
            }
        }
        return 0;
    }

    public Report run(String name) throws Exception {
        Files.createDirectories(settings.workDir());
        Path runDir = Files.createTempDirectory(settings.workDir(), name + "-").toAbsolutePath();
        Path dataDir = runDir.resolve("data");
        NetworkTopology.Ports ports = NetworkTopology.Ports.offset(PORT_OFFSET);
        Map<Agency, Integer> mongoPorts = new EnumMap<>(Agency.class);
        ports.agencies().forEach((agency, port) -> mongoPorts.put(agency, port + READ_MODEL_PORT_DISTANCE));
        try (PostgresStores postgres = settings.postgres() ? PostgresStores.create(runDir.getFileName().toString()) : null) {
            Function<Agency, List<String>> extra = agency -> {
                List<String> args = new ArrayList<>(List.of("--swo.read-model.embedded-port=" + mongoPorts.get(agency)));
                if (postgres != null) {
                    args.addAll(postgres.serviceArgs(agency));
                }
                return args;
            };
            NetworkTopology topology = NetworkTopology.embedded(settings.projectRoot(), dataDir).withPorts(ports)
                    .withExtraServiceArgs(extra);
            LedgerCheck.ExchangeDatabase exchange = postgres != null ? postgres.exchange()
                    : new LedgerCheck.ExchangeDatabase(topology.exchangeJdbcUrl(), "swo", "swo-exchange");
            try (Network network = new Network(topology)) {
                progress.println("  starting the network (data in " + dataDir + ")");
                network.start(Duration.ofSeconds(240));
                return underFaults(network, exchange, mongoPorts, runDir,
                        postgres != null ? postgres : ReadModelReplay.h2());
            }
        }
    }

    private Report underFaults(Network network, LedgerCheck.ExchangeDatabase exchange, Map<Agency, Integer> mongoPorts,
                               Path runDir, ReadModelReplay.PrivateStores privateStores) throws Exception {
        List<String> findings = new ArrayList<>();
        FaultTraffic traffic = new FaultTraffic(network.topology());
        traffic.openCases(settings.casesPerAgency());
        long started = System.nanoTime();
        traffic.start(settings.workers());
        List<Fault> faults = new ArrayList<>();
        Map<String, List<Integer>> retryDelays = new LinkedHashMap<>();
        List<NetworkNode> victims = new ArrayList<>();
        network.topology().agencies().forEach(agency -> victims.add(network.agency(agency)));
        victims.add(network.exchangeStore());
        victims.add(network.identityProvider());
        for (NetworkNode victim : victims) {
            Thread.sleep(settings.faultInterval().toMillis());
            failFast(traffic);
            progress.printf("  %d commands accepted so far; kill -9 %s%n", traffic.ledger().commandsAccepted(), victim.name());
            // On PostgreSQL the exchange is the shared server, not this process: killing the process there (its
            // checkpointer) takes no store away, so the backoff is watched on the embedded exchange only.
            faults.add(victim == network.exchangeStore() && !settings.postgres()
                    ? exchangeOutage(network, retryDelays, findings)
                    : killAndRestart(victim, Duration.ofSeconds(2)));
        }
        Thread.sleep(settings.faultInterval().toMillis());
        traffic.stop();
        double trafficSeconds = (System.nanoTime() - started) / 1e9;
        failFast(traffic);

        progress.printf("  traffic stopped after %.0f s; draining and checking the ledger%n", trafficSeconds);
        LedgerCheck ledgerCheck = new LedgerCheck(network.topology(), exchange, traffic);
        drain(ledgerCheck);
        progress.println("  replaying every agency's read models from its stores");
        findings.addAll(ledgerCheck.findings());
        ReadModelReplay replay = new ReadModelReplay(network, mongoPorts, privateStores);
        replay.replayAndCompare(runDir.resolve("replay"), Duration.ofMinutes(3));
        findings.addAll(replay.findings());
        // The replays re-ran every processor, the exchange publishers too: they must not have published anything twice.
        LedgerCheck afterReplay = new LedgerCheck(network.topology(), exchange, traffic);
        afterReplay.checkExchange();
        findings.addAll(afterReplay.findings().stream().map(finding -> "after the replays, " + finding).toList());

        FaultTraffic.Ledger ledger = traffic.ledger();
        return new Report(trafficSeconds, ledger.referrals.size(), ledger.consents.size(), ledger.withdrawn.size(),
                ledger.uncertain.get(), ledger.retried.get(), ledger.resentWithTheirKey.get(), faults,
                ledgerCheck.exchangeEventsChecked(),
                ledgerCheck.readModelEntriesChecked(), replay.documentsCompared(), retryDelays, findings);
    }

    /** Checks until the ledger is met or the drain time is up: delivery after a fault takes a while. */
    private void drain(LedgerCheck check) throws Exception {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (true) {
            check.findings().clear();
            check.checkExchange();
            check.checkReadModels();
            if (check.findings().isEmpty() || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(3000);
        }
    }

    private static void failFast(FaultTraffic traffic) {
        if (!traffic.failures().isEmpty()) {
            IllegalStateException failed = new IllegalStateException("the traffic failed: " + traffic.failures().get(0));
            traffic.failures().forEach(failed::addSuppressed);
            throw failed;
        }
    }

    private static Fault killAndRestart(NetworkNode victim, Duration down) throws Exception {
        long pid = victim.pid();
        long killed = System.nanoTime();
        victim.kill();
        if (victim.isAlive()) {
            throw new IllegalStateException(victim.name() + " survived kill -9");
        }
        Thread.sleep(down.toMillis());
        victim.start();
        victim.awaitHealthy(Duration.ofSeconds(240));
        return new Fault(victim.name(), pid, victim.pid(), (System.nanoTime() - killed) / 1e9);
    }

    /**
     * The exchange store dies for the outage: meanwhile every agency service must stay alive (liveness UP), say it is
     * not ready, and log its processors' retries with growing delays; once the store is back, each must become ready
     * again as the same process.
     */
    private Fault exchangeOutage(Network network, Map<String, List<Integer>> retryDelays, List<String> findings)
            throws Exception {
        NetworkNode store = network.exchangeStore();
        NetworkClient client = new NetworkClient(network.topology().issuer());
        Map<Agency, Long> pids = new EnumMap<>(Agency.class);
        Map<Agency, Long> logOffsets = new EnumMap<>(Agency.class);
        Map<Agency, Boolean> sawNotReady = new EnumMap<>(Agency.class);
        for (Agency agency : network.topology().agencies()) {
            pids.put(agency, network.agency(agency).pid());
            logOffsets.put(agency, Files.size(log(network, agency)));
            sawNotReady.put(agency, false);
        }
        long pid = store.pid();
        long killed = System.nanoTime();
        store.kill();
        while (System.nanoTime() - killed < settings.exchangeOutage().toNanos()) {
            for (Agency agency : network.topology().agencies()) {
                String url = network.topology().agencyUrl(agency);
                if (!network.agency(agency).isAlive()) {
                    findings.add(agency.code + " died while the exchange store was down");
                    continue;
                }
                int liveness = status(client, url + "/actuator/health/liveness");
                if (liveness != 200) {
                    findings.add(agency.code + " liveness answered " + liveness + " while the exchange store was down");
                }
                if (status(client, url + "/actuator/health/readiness") == 503) {
                    sawNotReady.put(agency, true);
                }
            }
            Thread.sleep(1000);
        }
        store.start();
        store.awaitHealthy(Duration.ofSeconds(120));
        double down = (System.nanoTime() - killed) / 1e9;
        for (Agency agency : network.topology().agencies()) {
            String url = network.topology().agencyUrl(agency);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (status(client, url + "/actuator/health/readiness") != 200 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            if (status(client, url + "/actuator/health/readiness") != 200) {
                findings.add(agency.code + " not ready 120 s after the exchange store came back");
            }
            if (network.agency(agency).pid() != pids.get(agency) || !network.agency(agency).isAlive()) {
                findings.add(agency.code + " was restarted during the exchange outage");
            }
            if (!sawNotReady.get(agency)) {
                findings.add(agency.code + " never said it was not ready while the exchange store was down");
            }
            String logged = appendedSince(log(network, agency), logOffsets.get(agency));
            List<Integer> delays = retryDelays(logged);
            retryDelays.put(agency.code, delays);
            // Which reader meets the outage depends on timing: a processor's own stream backs off exponentially,
            // the shared reader (processors at the head) retries at a fixed pace; either is back-off, a tight
            // loop or a crash is not.
            if (!growing(delays) && !paced(sharedReaderFailures(logged))) {
                findings.add(agency.code + " logged neither growing retry delays nor a paced shared reader while the"
                        + " exchange store was down: " + delays);
            }
        }
        return new Fault(store.name(), pid, store.pid(), down);
    }

    private static int status(NetworkClient client, String url) {
        try {
            return client.get(url, null).status();
        } catch (IOException unreachable) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Path log(Network network, Agency agency) {
        return network.topology().dataDir().resolve("logs").resolve(agency.code + ".log");
    }

    /** Back-off: retried more than once, and a later wait longer than the first. */
    static boolean growing(List<Integer> delays) {
        return delays.size() >= 2 && delays.stream().mapToInt(Integer::intValue).max().getAsInt() > delays.get(0);
    }

    /** Back-off of the shared reader: it failed again after the first break, never twice within a second. */
    static boolean paced(List<Instant> failures) {
        if (failures.isEmpty()) {
            return false;
        }
        Instant firstBreak = failures.get(0).plusSeconds(1); // every pooled connection breaks at once
        List<Instant> retries = failures.stream().filter(failure -> failure.isAfter(firstBreak)).toList();
        for (int i = 1; i < retries.size(); i++) {
            if (Duration.between(retries.get(i - 1), retries.get(i)).toMillis() < 1000) {
                return false;
            }
        }
        return retries.size() >= 2;
    }

    /** The processors' retry delays (Axon's "preparing for retry in Ns") in the log text, in order. */
    static List<Integer> retryDelays(String logged) {
        List<Integer> delays = new ArrayList<>();
        Matcher retry = RETRY.matcher(logged);
        while (retry.find()) {
            delays.add(Integer.parseInt(retry.group(1)));
        }
        return delays;
    }

    /** When the shared reader failed to read from the store, in the log text, in order. */
    static List<Instant> sharedReaderFailures(String logged) {
        List<Instant> failures = new ArrayList<>();
        Matcher failure = SHARED_READER_FAILURE.matcher(logged);
        while (failure.find()) {
            failures.add(Instant.parse(failure.group(1)));
        }
        return failures;
    }

    /** What a process logged after the offset. */
    static String appendedSince(Path log, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(offset);
            byte[] appended = new byte[(int) (file.length() - offset)];
            file.readFully(appended);
            return new String(appended, StandardCharsets.UTF_8);
        }
    }

    /** The PostgreSQL variant's databases ({@code swo_fault_...}), dropped when the run ends. */
    static final class PostgresStores implements ReadModelReplay.PrivateStores, AutoCloseable {

        private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
        private final String suffix;
        private final List<String> databases = new ArrayList<>();

        private PostgresStores(String suffix) {
            this.suffix = suffix.replaceAll("[^a-z0-9]", "_");
        }

        static PostgresStores create(String runName) throws Exception {
            PostgresStores stores = new PostgresStores(runName.toLowerCase());
            stores.createDatabase(stores.name("exchange"), null);
            stores.createDatabase(stores.name("keys"), null);
            for (Agency agency : Agency.values()) {
                stores.createDatabase(stores.name(agency.code), null);
            }
            return stores;
        }

        private String name(String what) {
            return "swo_fault_" + what.replace('-', '_') + "_" + suffix;
        }

        LedgerCheck.ExchangeDatabase exchange() {
            return new LedgerCheck.ExchangeDatabase(SERVER + name("exchange"), "postgres", "");
        }

        List<String> serviceArgs(Agency agency) {
            return List.of("--swo.exchange.jdbc-url=" + SERVER + name("exchange"), "--swo.exchange.username=postgres",
                    "--swo.exchange.password=", "--swo.keys.jdbc-url=" + SERVER + name("keys"),
                    "--swo.keys.username=postgres", "--swo.keys.password=",
                    "--spring.datasource.url=" + SERVER + name(agency.code), "--spring.datasource.username=postgres",
                    "--spring.datasource.password=");
        }

        @Override
        public List<String> copy(Agency agency, Path replayDataDir) throws Exception {
            String copy = name(agency.code + "_replay");
            createDatabase(copy, name(agency.code));
            return ReadModelReplay.deleteTokens(SERVER + copy, "postgres", "",
                    List.of("--spring.datasource.url=" + SERVER + copy));
        }

        private void createDatabase(String database, String template) throws Exception {
            try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database + (template == null ? "" : " TEMPLATE " + template));
            }
            databases.add(database);
        }

        @Override
        public void close() throws Exception {
            try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                 Statement statement = connection.createStatement()) {
                for (String database : databases) {
                    statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                }
            }
        }
    }
}
