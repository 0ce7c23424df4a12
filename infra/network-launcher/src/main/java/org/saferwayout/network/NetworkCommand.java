package org.saferwayout.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code network run [--data-dir DIR] [--demo-data]}: starts the whole network on 127.0.0.1, waits until every
 * process is healthy, seeds it once with the {@link SeedScenario} if asked, prints the URLs and demo logins, and
 * stops everything on Ctrl-C.
 * {@code network bench [--referrals N] [--concurrency C]}: benchmarks referrals through the running network.
 * {@code network bench-withdrawal [--survivors N] [--background W]}: benchmarks withdrawal-to-purge.
 * {@code network bench-sealing [--referrals N] [--rounds R]}: the cost of sealing personal data (ADR 009).
 * {@code network audit export|verify ...}: the auditor CLI (ADR 013); {@code network bench-audit [--events N]}: its
 * verification throughput on a generated exchange.
 * {@code network fault-suite [--runs N] [--postgres]}: kill -9 of every process under load, then the checks
 * ({@link FaultSuite}, ADR 016).
 */
public final class NetworkCommand {

    /** Under the data directory: present once {@code --demo-data} has seeded the network. */
    static final String DEMO_DATA_MARKER = "demo-data-seeded.txt";

    private NetworkCommand() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        String[] options = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int exit = switch (command) {
            case "run" -> run(options);
            case "bench" -> ReferralBenchmark.run(options, System.out);
            case "bench-withdrawal" -> WithdrawalBenchmark.run(options, System.out);
            case "bench-sealing" -> SealingBenchmark.run(options, System.out);
            case "audit" -> auditorCli(options);
            case "bench-audit" -> auditorCli(prepend("bench", options));
            case "fault-suite" -> FaultSuite.run(options, System.out);
            default -> {
                System.err.println("usage: network run [--data-dir DIR] [--demo-data] | network bench [--referrals N] [--concurrency C]"
                        + " | network bench-withdrawal [--survivors N] [--background W]"
                        + " | network bench-sealing [--referrals N] [--rounds R] [--concurrency C]"
                        + " | network audit (export|verify) ... | network bench-audit [--events N]"
                        + " | network fault-suite [--runs N] [--postgres]");
                yield 2;
            }
        };
        // Axon's and H2's non-daemon threads must not keep a finished command alive (AXON-NOTES, trap 8).
        System.exit(exit);
    }

    private static int run(String[] options) throws Exception {
        Path root = Path.of(option(options, "--project-root", ".")).toAbsolutePath().normalize();
        Path dataDir = Path.of(option(options, "--data-dir", root.resolve("data").toString())).toAbsolutePath();
        Network network = new Network(NetworkTopology.embedded(root, dataDir));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the network...");
            try {
                network.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "network-shutdown"));
        long started = System.nanoTime();
        System.out.println("Starting the Safer Way Out network (data in " + dataDir + ", logs in " + dataDir.resolve("logs") + ")");
        try {
            network.start(Duration.ofSeconds(180));
        } catch (IllegalStateException failed) {
            System.err.println(failed.getMessage());
            return 1;
        }
        printWelcome(network, Duration.ofNanos(System.nanoTime() - started));
        if (Arrays.asList(options).contains("--demo-data")) {
            seedDemoData(network.topology(), dataDir.resolve(DEMO_DATA_MARKER));
        }
        stopped.await();
        return 0;
    }

    /**
     * Plays the seed scenario once per data directory: the marker it leaves says it ran, and a later
     * {@code --demo-data} leaves the data as it is. A failed seed leaves no marker, so the next start tries again.
     */
    private static void seedDemoData(NetworkTopology topology, Path marker) throws IOException, InterruptedException {
        if (Files.exists(marker)) {
            System.out.println("\nDemo data: already seeded (" + marker + "); not seeding again.");
            return;
        }
        System.out.println("\nDemo data: seeding the network with the seed scenario...");
        SeedScenario.Result seed;
        try {
            seed = new SeedScenario(topology, new NetworkClient(topology.issuer())).play(LocalDate.now());
        } catch (IOException | RuntimeException failed) {
            System.err.println("Demo data: seeding failed, the network keeps running without it: " + failed.getMessage());
            return;
        }
        String summary = """
                seeded %s
                survivor %s
                ALERT case %s (closed), CEASE case %s, Catholic Social Services case %s
                referrals: ALERT->CEASE %s (completed), ALERT->CSS %s (completed), ALERT->REACH %s (completed),
                           CEASE->CSS %s (declined), CSS->CEASE %s (cancelled)
                consent for CEASE %s (withdrawn), consent for CSS %s
                services delivered on %s; cohort of %d at CEASE's peer support group on %s
                """.formatted(Instant.now(), seed.survivorRef(), seed.alertCaseId(), seed.ceaseCaseId(), seed.cssCaseId(),
                seed.toCease(), seed.toCss(), seed.toReach(), seed.ceaseToCss(), seed.cssToCease(),
                seed.ceaseConsentId(), seed.cssConsentId(), seed.storyDay(), seed.cohortReferrals().size(), seed.cohortDay());
        Files.writeString(marker, summary);
        System.out.print("Demo data: " + summary.replace("\n", "\n  ").stripTrailing() + "\n");
        System.out.println("Outcome report: " + topology.agencyUrl(NetworkTopology.Agency.REACH) + "/api/reports/outcomes?from="
                + seed.cohortDay() + "&to=" + seed.cohortDay() + " (as reach-supervisor)");
        System.out.println("\nPress Ctrl-C to stop.");
    }

    private static void printWelcome(Network network, Duration startup) {
        NetworkTopology topology = network.topology();
        System.out.printf("%nAll %d processes healthy in %.1f s.%n%n", network.nodes().size(), startup.toMillis() / 1000.0);
        System.out.println("  identity provider   " + topology.issuer() + "  (OIDC discovery: /.well-known/openid-configuration)");
        System.out.println("  exchange store      " + topology.exchangeJdbcUrl());
        for (NetworkTopology.Agency agency : topology.agencies()) {
            String url = topology.agencyUrl(agency);
            System.out.printf("  %-26s %s/api   OpenAPI %s/v3/api-docs   health %s/actuator/health%n",
                    agency.code, url, url, url);
        }
        System.out.println();
        System.out.println("Demo logins (password: " + NetworkClient.DEMO_PASSWORD + "):");
        System.out.println("  alert-coordinator (Safety Network Coordinator, ALERT)");
        System.out.println("  alert-intake, cease-intake, css-intake, reach-intake (intake workers)");
        System.out.println("  alert-supervisor, cease-supervisor, css-supervisor, reach-supervisor (supervisors)");
        System.out.println("  auditor, privacy-officer (REACH)");
        System.out.println("Agency systems (client credentials): alert-system, cease-system, css-system, reach-system; secret <id>-secret");
        System.out.println("Token for curl: curl -s -u swo-cli:swo-cli-secret -d grant_type=password -d username=alert-coordinator -d password="
                + NetworkClient.DEMO_PASSWORD + " " + topology.issuer() + "/oauth2/token");
        System.out.println("\nPress Ctrl-C to stop.");
    }

    /** Runs the auditor CLI's own jar with the given arguments, in this terminal; its exit code is ours. */
    private static int auditorCli(String[] options) throws IOException, InterruptedException {
        Path root = Path.of(option(options, "--project-root", ".")).toAbsolutePath().normalize();
        Path jar = root.resolve("infra/auditor-cli/target/auditor-cli-" + NetworkTopology.VERSION + "-exec.jar");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        for (int i = 0; i < options.length; i++) {
            if (options[i].equals("--project-root")) {
                i++; // the launcher's own option, not the CLI's
            } else {
                command.add(options[i]);
            }
        }
        return new ProcessBuilder(command).directory(root.toFile()).inheritIO().start().waitFor();
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static String option(String[] options, String name, String fallback) {
        for (int i = 0; i < options.length - 1; i++) {
            if (options[i].equals(name)) {
                return options[i + 1];
            }
        }
        return fallback;
    }
}
