package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkTopology.Agency;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ALERT and CEASE as separate processes against one exchange: ALERT's coordinator opens a case and refers
 * the survivor to CEASE; the referral appears in CEASE's inbox; CEASE's intake worker accepts; the
 * acceptance appears on ALERT's case. Once on the embedded default (H2), once with every event store on
 * the real PostgreSQL at 127.0.0.1:5432.
 */
class ReferralRoundTripTest {


    /** The whole embedded network, as {@code ./network run} starts it, but on ports 10000 higher. */
    @Test
    void referralRoundTripsOnTheEmbeddedNetworkAndEveryServiceIsObservable() throws Exception {
        try (Network network = RunningNetwork.start("round-trip-h2", 10_000, List.of(Agency.values()),
                agency -> List.of())) {
            assertRoundTrip(network);
            for (Agency agency : Agency.values()) {
                assertObservable(network, agency);
            }
            assertReadmeCurlLinesWork(network);
        }
    }

    @Test
    void referralRoundTripsBetweenAlertAndCeaseWithEveryEventStoreOnPostgres() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String exchange = "swo_it_exchange_" + suffix;
        String alert = "swo_it_alert_" + suffix;
        String cease = "swo_it_cease_" + suffix;
        String keys = "swo_it_keys_" + suffix;
        PostgresDatabases.create(List.of(exchange, alert, cease, keys));
        Function<Agency, List<String>> postgres = agency ->
                PostgresDatabases.serviceArgs(exchange, keys, agency == Agency.ALERT ? alert : cease);
        try (Network network = RunningNetwork.start("round-trip-pg", 11_000, List.of(Agency.ALERT, Agency.CEASE),
                postgres)) {
            assertRoundTrip(network);
            assertThat(PostgresDatabases.count(exchange, "select count(*) from domainevententry where payloadtype = 'org.saferwayout.events.ReferralRequested'")).isEqualTo(1);
            assertThat(PostgresDatabases.count(exchange, "select count(*) from domainevententry where payloadtype = 'org.saferwayout.events.ReferralStatusChanged'")).isEqualTo(1);
            assertThat(PostgresDatabases.count(alert, "select count(*) from domainevententry where payloadtype like 'org.saferwayout.agency.supportcase%'")).isEqualTo(3);
            assertThat(PostgresDatabases.count(cease, "select count(*) from domainevententry where payloadtype like 'org.saferwayout.agency.referral%'")).isEqualTo(2);
            assertThat(PostgresDatabases.count(exchange, "select count(*) from domainevententry where payloadtype like 'org.saferwayout.agency%'")).isZero();
        } finally {
            PostgresDatabases.drop(List.of(exchange, alert, cease, keys));
        }
    }

    private static void assertRoundTrip(Network network) throws Exception {
        NetworkClient client = RunningNetwork.client(network);
        String alertUrl = network.topology().agencyUrl(Agency.ALERT);
        String ceaseUrl = network.topology().agencyUrl(Agency.CEASE);
        String coordinator = client.token("alert-coordinator");
        String intake = client.token("cease-intake");

        String caseId = client.openCase(alertUrl, coordinator);
        String referralId = client.refer(alertUrl, coordinator, caseId, "cease", "EXIT_SUPPORT");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            NetworkClient.Response inboxEntry = client.get(ceaseUrl + "/api/referrals/inbox/" + referralId, intake);
            assertThat(inboxEntry.status()).isEqualTo(200);
            assertThat(inboxEntry.json().get("status").asText()).isEqualTo("REQUESTED");
            assertThat(inboxEntry.json().get("requestingAgency").asText()).isEqualTo("alert");
        });
        NetworkClient.expect(200, client.post(ceaseUrl + "/api/referrals/inbox/" + referralId + "/actions/ACCEPT", intake, ""));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode supportCase = NetworkClient.expect(200, client.get(alertUrl + "/api/cases/" + caseId, coordinator));
            JsonNode referral = supportCase.get("referrals").get(0);
            assertThat(referral.get("referralId").asText()).isEqualTo(referralId);
            assertThat(referral.get("status").asText()).isEqualTo("ACCEPTED");
        });
        // CEASE's staff cannot read ALERT's case, even knowing its id.
        assertThat(client.get(alertUrl + "/api/cases/" + caseId, intake).status()).isEqualTo(403);
    }

    private static void assertObservable(Network network, Agency agency) throws Exception {
        NetworkClient client = RunningNetwork.client(network);
        String url = network.topology().agencyUrl(agency);
        assertThat(client.get(url + "/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(client.get(url + "/actuator/health/readiness", null).status()).isEqualTo(200);
        NetworkClient.Response metrics = client.get(url + "/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("agency=\"" + agency.code + "\"");
        JsonNode openApi = NetworkClient.expect(200, client.get(url + "/v3/api-docs", null));
        assertThat(openApi.get("openapi").asText()).startsWith("3.");
        assertThat(openApi.get("paths").has("/api/cases")).isTrue();
        assertThat(openApi.get("paths").has("/api/referrals/inbox/{referralId}/actions/{action}")).isTrue();
        assertThat(client.get(url + "/api/cases", "not-a-token").status()).isEqualTo(401);
    }

    /** Runs the README's curl block as printed, with only the ports moved to this test's network. */
    private static void assertReadmeCurlLinesWork(Network network) throws Exception {
        String readme = java.nio.file.Files.readString(RunningNetwork.PROJECT_ROOT.resolve("README.md"));
        int section = readme.indexOf("## A referral round trip with curl");
        int start = readme.indexOf("```sh", section) + "```sh".length();
        String script = readme.substring(start, readme.indexOf("```", start))
                .replace("127.0.0.1:9000", "127.0.0.1:" + network.topology().ports().identityProvider())
                .replace("127.0.0.1:8081", network.topology().agencyUrl(Agency.ALERT).substring("http://".length()))
                .replace("127.0.0.1:8082", network.topology().agencyUrl(Agency.CEASE).substring("http://".length()));
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(output).isZero();
        String lastLine = output.strip().lines().reduce((first, second) -> second).orElse("");
        assertThat(lastLine).as(output).contains("\"status\":\"ACCEPTED\"").contains("\"recipientAgency\":\"cease\"");
    }
}
