package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkTopology;
import org.saferwayout.network.NetworkTopology.Agency;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Keycloak (the distribution Maven unpacks to {@code target/keycloak}) with realm {@code swo}
 * (src/test/resources/keycloak/swo-realm.json) beside an ALERT service that trusts both the embedded
 * identity provider and that realm. Keycloak's tokens carry the agency as a user-attribute claim and the
 * roles in {@code realm_access.roles}: ALERT's coordinator in Keycloak opens and reads a case, CEASE's
 * intake worker in Keycloak is refused, a token with a broken signature is refused, and the embedded
 * provider's tokens still work on the same service.
 */
class KeycloakRealmTokensTest {

    private static final int PORT_OFFSET = 14_000;
    private static final String CLIENT_ID = "swo-network-tests";
    private static final String PASSWORD = "kc-test-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void alertAcceptsTokensOfItsAgencyFromARealKeycloakRealmAndFromTheEmbeddedProvider() throws Exception {
        int keycloakPort = freeLoopbackPort(18_180);
        String realmIssuer = "http://127.0.0.1:" + keycloakPort + "/realms/swo";
        String embeddedIssuer = "http://127.0.0.1:" + NetworkTopology.Ports.offset(PORT_OFFSET).identityProvider();

        // Keycloak and the network start side by side: the service resolves an issuer on its first token.
        try (KeycloakProcess keycloak = KeycloakProcess.start(keycloakPort);
             Network network = RunningNetwork.start("keycloak", PORT_OFFSET, List.of(Agency.ALERT),
                     agency -> List.of("--swo.security.trusted-issuers=" + embeddedIssuer + "," + realmIssuer))) {
            assertThat(network.topology().issuer()).isEqualTo(embeddedIssuer);
            keycloak.awaitRealm(realmIssuer, Duration.ofSeconds(150));

            NetworkClient client = RunningNetwork.client(network);
            String alertUrl = network.topology().agencyUrl(Agency.ALERT);

            // Keycloak's own claims: the agency from the user attribute, the role from realm_access.
            String alertCoordinator = keycloakToken(realmIssuer, "kc-alert-coordinator");
            JsonNode coordinatorClaims = payload(alertCoordinator);
            assertThat(coordinatorClaims.path("iss").asText()).isEqualTo(realmIssuer);
            assertThat(coordinatorClaims.path("agency").asText()).isEqualTo("alert");
            assertThat(coordinatorClaims.has("roles")).as("no top-level roles claim: roles come from realm_access").isFalse();
            assertThat(strings(coordinatorClaims.path("realm_access").path("roles"))).contains("SAFETY_NETWORK_COORDINATOR");
            String ceaseIntake = keycloakToken(realmIssuer, "kc-cease-intake");
            JsonNode intakeClaims = payload(ceaseIntake);
            assertThat(intakeClaims.path("agency").asText()).isEqualTo("cease");
            assertThat(strings(intakeClaims.path("realm_access").path("roles"))).contains("INTAKE_WORKER");

            // ALERT's coordinator in Keycloak opens a case and reads it back.
            String caseId = NetworkClient.expect(201, client.post(alertUrl + "/api/cases", alertCoordinator, "{}"))
                    .get("caseId").asText();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> // the case view is updated asynchronously
                    assertThat(NetworkClient.expect(200, client.get(alertUrl + "/api/cases/" + caseId, alertCoordinator))
                            .path("caseId").asText()).isEqualTo(caseId));

            // CEASE's intake worker in Keycloak: a valid token of the wrong agency.
            HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(alertUrl + "/api/cases"))
                    .header("Authorization", "Bearer " + ceaseIntake)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(refused.body()).path("status").asInt()).isEqualTo(403);
            assertThat(client.get(alertUrl + "/api/cases/" + caseId, ceaseIntake).status()).isEqualTo(403);

            // A Keycloak token whose signature no longer matches.
            NetworkClient.Response tampered = client.post(alertUrl + "/api/cases", tamperSignature(alertCoordinator), "{}");
            assertThat(tampered.status()).as(tampered.body()).isEqualTo(401);
            assertThat(JSON.readTree(tampered.body()).path("status").asInt()).isEqualTo(401);

            // The embedded provider stays trusted on the same service, and still works after Keycloak's tokens.
            String embeddedCoordinator = client.token("alert-coordinator");
            assertThat(payload(embeddedCoordinator).path("iss").asText()).isEqualTo(embeddedIssuer);
            String embeddedCase = client.openCase(alertUrl, embeddedCoordinator);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(NetworkClient.expect(200, client.get(alertUrl + "/api/cases/" + embeddedCase, embeddedCoordinator))
                            .path("caseId").asText()).isEqualTo(embeddedCase));
            // ... and Keycloak's coordinator (same agency) reads the case the embedded provider's coordinator opened.
            assertThat(client.get(alertUrl + "/api/cases/" + embeddedCase, alertCoordinator).status()).isEqualTo(200);
        }
    }

    /** Password grant against the realm's token endpoint, as a public client. */
    private String keycloakToken(String realmIssuer, String username) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=" + CLIENT_ID
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(realmIssuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode payload(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** Changes one character in the middle of the signature (the last one may only carry padding bits). */
    private static String tamperSignature(String jwt) {
        int signature = jwt.lastIndexOf('.') + 1;
        int at = signature + (jwt.length() - signature) / 2;
        char replacement = jwt.charAt(at) == 'A' ? 'B' : 'A';
        return jwt.substring(0, at) + replacement + jwt.substring(at + 1);
    }

    private static int freeLoopbackPort(int preferred) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket socket = new ServerSocket(preferred, 1, loopback)) {
            return socket.getLocalPort();
        } catch (IOException taken) {
            try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
                return socket.getLocalPort();
            }
        }
    }

    /** {@code kc.sh start-dev} with an in-memory database, the test realm imported, output in target/. */
    private static final class KeycloakProcess implements AutoCloseable {

        private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        private final Process process;
        private final Path log;

        private KeycloakProcess(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static KeycloakProcess start(int port) throws IOException {
            Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.7.3"))
                    .toAbsolutePath().normalize();
            Path script = home.resolve("bin/kc.sh");
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException(script + " is missing: Maven unpacks Keycloak in process-test-resources");
            }
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (InputStream realm = KeycloakRealmTokensTest.class.getResourceAsStream("/keycloak/swo-realm.json")) {
                Files.copy(realm, imports.resolve("swo-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = Path.of("target", "keycloak-" + port + ".log").toAbsolutePath();
            String url = "http://127.0.0.1:" + port;
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "start-dev",
                    "--db=dev-mem", "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=" + url,
                    "--import-realm")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            return new KeycloakProcess(builder.start(), log);
        }

        void awaitRealm(String realmIssuer, Duration timeout) throws InterruptedException {
            URI discovery = URI.create(realmIssuer + "/.well-known/openid-configuration");
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited during start-up; see " + log);
                }
                try {
                    if (PROBE.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(3)).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("Keycloak realm not ready after " + timeout.toSeconds() + " s; see " + log);
        }

        /** SIGTERM to kc.sh (which forwards it to Keycloak's JVM), then kills whatever is left. */
        @Override
        public void close() throws InterruptedException {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.onExit().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
                }
            }
        }
    }
}
