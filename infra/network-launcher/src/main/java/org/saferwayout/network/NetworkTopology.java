package org.saferwayout.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which processes make up the network, on which ports, with which data: the one description used by the
 * run command, the benchmark and the process-level tests.
 *
 * @param projectRoot   where the built jars are ({@code <module>/target/<artifact>-<version>-exec.jar})
 * @param dataDir       the one directory under which every process keeps its data
 * @param basePort      the identity provider listens here; the exchange store on basePort+92, agencies on
 *                      basePort+81.. (9000 gives 9000, 9092, 9081-9084... see {@link #DEFAULT})
 * @param agencies      which agency services to start
 * @param extraServiceArgs more arguments per agency (e.g. PostgreSQL URLs)
 */
public record NetworkTopology(Path projectRoot, Path dataDir, Ports ports, List<Agency> agencies,
                              Function<Agency, List<String>> extraServiceArgs, List<String> serviceJvmOptions) {

    public static final String VERSION = "0.1.0-SNAPSHOT";

    /** The ports of the embedded default network. */
    public static final Ports DEFAULT = new Ports(9000, 9092, Map.of(
            Agency.ALERT, 8081, Agency.CEASE, 8082, Agency.CATHOLIC_SOCIAL_SERVICES, 8083, Agency.REACH, 8084));

    public enum Agency {
        ALERT("alert"), CEASE("cease"), CATHOLIC_SOCIAL_SERVICES("catholic-social-services"), REACH("reach");

        public final String code;

        Agency(String code) {
            this.code = code;
        }
    }

    public record Ports(int identityProvider, int exchangeStore, Map<Agency, Integer> agencies) {

        /** A set of ports away from the defaults, so tests can run beside a running demo network. */
        public static Ports offset(int offset) {
            Map<Agency, Integer> shifted = new java.util.EnumMap<>(Agency.class);
            DEFAULT.agencies.forEach((agency, port) -> shifted.put(agency, port + offset));
            return new Ports(DEFAULT.identityProvider + offset, DEFAULT.exchangeStore + offset, shifted);
        }
    }

    public static NetworkTopology embedded(Path projectRoot, Path dataDir) {
        return new NetworkTopology(projectRoot, dataDir, DEFAULT, List.of(Agency.values()), agency -> List.of(),
                defaultServiceJvmOptions());
    }

    /** Small heaps and a quick JIT: six JVMs start together on a 2-core machine. */
    public static List<String> defaultServiceJvmOptions() {
        String fromEnvironment = System.getenv("SWO_JAVA_OPTS");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return List.of(fromEnvironment.trim().split("\\s+"));
        }
        return List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Ddisable-axoniq-console-message=true");
    }

    public NetworkTopology withPorts(Ports newPorts) {
        return new NetworkTopology(projectRoot, dataDir, newPorts, agencies, extraServiceArgs, serviceJvmOptions);
    }

    public NetworkTopology withAgencies(List<Agency> only) {
        return new NetworkTopology(projectRoot, dataDir, ports, only, extraServiceArgs, serviceJvmOptions);
    }

    public NetworkTopology withExtraServiceArgs(Function<Agency, List<String>> extra) {
        return new NetworkTopology(projectRoot, dataDir, ports, agencies, extra, serviceJvmOptions);
    }

    public String issuer() {
        return "http://127.0.0.1:" + ports.identityProvider();
    }

    public String exchangeJdbcUrl() {
        return exchangeStoreDatabase("exchange");
    }

    /** The network key store (ADR 009): its own database on the exchange-store process, never the exchange's. */
    public String keysJdbcUrl() {
        return exchangeStoreDatabase("keys");
    }

    private String exchangeStoreDatabase(String database) {
        return "jdbc:h2:tcp://127.0.0.1:" + ports.exchangeStore() + "/" + database
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    public String agencyUrl(Agency agency) {
        return "http://127.0.0.1:" + ports.agencies().get(agency);
    }

    NetworkNode identityProvider() {
        List<String> args = new ArrayList<>(List.of("--server.port=" + ports.identityProvider(),
                "--swo.data-dir=" + dataDir, "--swo.identity.issuer=" + issuer()));
        // Each portal's redirect URIs follow its agency service's port (ADR 015).
        ports.agencies().forEach((agency, port) -> args.add("--swo.agency-urls." + agency.code + "=" + agencyUrl(agency)));
        return new NetworkNode("identity-provider", jar("infra/identity-provider", "identity-provider"),
                serviceJvmOptions, args, ports.identityProvider(), "/actuator/health/readiness", logs("identity-provider"));
    }

    NetworkNode exchangeStore() {
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        jvmOptions.addAll(checkpointerTarget());
        return new NetworkNode("exchange-store", jar("infra/exchange-store", "exchange-store"),
                jvmOptions,
                List.of(dataDir.toString(), String.valueOf(ports.exchangeStore())),
                ports.exchangeStore(), null, logs("exchange-store"));
    }

    /**
     * The exchange-store process runs the exchange's checkpointer (ADR 013) on whichever exchange the agencies use:
     * when they are given another exchange (PostgreSQL), it is told the same one.
     */
    private List<String> checkpointerTarget() {
        if (agencies.isEmpty()) {
            return List.of();
        }
        Map<String, String> options = new java.util.HashMap<>();
        for (String extra : extraServiceArgs.apply(agencies.get(0))) {
            int equals = extra.indexOf('=');
            options.put(extra.substring(0, equals), extra.substring(equals + 1));
        }
        String url = options.get("--swo.exchange.jdbc-url");
        if (url == null) {
            return List.of();
        }
        return List.of("-Dswo.audit.exchange-url=" + url,
                "-Dswo.audit.exchange-username=" + options.getOrDefault("--swo.exchange.username", ""),
                "-Dswo.audit.exchange-password=" + options.getOrDefault("--swo.exchange.password", ""));
    }

    public NetworkNode agencyService(Agency agency) {
        return agencyService(agency, agency.code, ports.agencies().get(agency));
    }

    /**
     * One more instance of an agency's service beside the first (ADR 019), on its own port and log, with the same
     * data directory and arguments: it shares the agency's stores, so those must be shareable (PostgreSQL, and a
     * read model by URI such as {@link #sharedReadModelStore}).
     */
    public NetworkNode agencyInstance(Agency agency, int instance, int port) {
        return agencyService(agency, agency.code + "-" + instance, port);
    }

    /**
     * The embedded MongoDB stand-in as its own process, so that several instances of an agency's service share its
     * read models (ADR 019): they reach it at {@code mongodb://127.0.0.1:<port>}. It runs from the agency's jar and
     * keeps its data where the agency's embedded read model would.
     */
    public NetworkNode sharedReadModelStore(Agency agency, int port) {
        return new NetworkNode(agency.code + "-read-models", jar("services/" + agency.code, agency.code),
                "org.saferwayout.agency.readmodel.SharedReadModelStore", List.of("-Xmx192m", "-XX:+UseSerialGC"),
                List.of(String.valueOf(port), dataDir.resolve(agency.code).resolve("shared-read-models.mv").toString()),
                port, null, logs(agency.code + "-read-models"));
    }

    private NetworkNode agencyService(Agency agency, String name, int port) {
        // Later options replace earlier ones: Spring would join a repeated option's values with commas.
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("--server.port", String.valueOf(port));
        options.put("--swo.data-dir", dataDir.toString());
        options.put("--swo.exchange.jdbc-url", exchangeJdbcUrl());
        options.put("--swo.keys.jdbc-url", keysJdbcUrl());
        options.put("--swo.security.trusted-issuers", issuer());
        for (String extra : extraServiceArgs.apply(agency)) {
            int equals = extra.indexOf('=');
            options.put(extra.substring(0, equals), extra.substring(equals + 1));
        }
        List<String> args = new ArrayList<>();
        options.forEach((option, value) -> args.add(option + "=" + value));
        return new NetworkNode(name, jar("services/" + agency.code, agency.code), serviceJvmOptions, args, port,
                "/actuator/health/readiness", logs(name));
    }

    private Path jar(String module, String artifact) {
        return projectRoot.resolve(module).resolve("target").resolve(artifact + "-" + VERSION + "-exec.jar");
    }

    private Path logs(String name) {
        return dataDir.resolve("logs").resolve(name + ".log");
    }
}
