package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkTopology.Agency;
import org.saferwayout.network.SeedScenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary test (issue 5): every kind of personal data in the seed scenario is a unique marker; the scenario
 * runs through the four services as separate processes (H2, the embedded default), with its refused commands,
 * a break-glass disclosure, malformed and refused requests that carry markers, and a poison event on the
 * exchange. Then every byte of every store file (private stores, exchange, key store, the MongoDB stand-in's
 * files, key files), every log line, every HTTP response and every service's metrics are searched for every
 * marker:
 * <ul>
 *   <li>a response may show a marker only from an agency the survivor's consent (or the emergency disclosure)
 *       lets see it, and the markers of errors and of the poison event never;</li>
 *   <li>no store file holds any marker in the clear, the exchange's raw tables included: all of it is sealed
 *       at rest (ADR 009, ADR 011);</li>
 *   <li>no log line holds any marker;</li>
 *   <li>after a privacy officer's erasure, no response shows any marker either.</li>
 * </ul>
 * The markers that must be visible somewhere are checked too, so that the search is known to find them.
 */
class PersonalDataCanaryTest {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One unique marker per kind of personal data, each visible only at the agencies named. */
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Map<String, Set<Agency>> visibleAt = new LinkedHashMap<>();
    private final List<String> neverVisible = new ArrayList<>();

    private String marker(String kind, Set<Agency> visible) {
        String marker = "Canary" + kind + run;
        visibleAt.put(marker, visible);
        return marker;
    }

    private String errorMarker(String kind) {
        String marker = "CanaryError" + kind + run;
        neverVisible.add(marker);
        return marker;
    }

    private record Observed(String method, String url, NetworkClient.Response response) {
    }

    @Test
    void personalDataShowsOnlyWhereConsentPermitsIsNeverAtRestOrInLogsAndIsGoneAfterErasure() throws Exception {
        Set<Agency> alertOnly = EnumSet.of(Agency.ALERT);
        // Consents in the story: CEASE (identity, contact, safety plan, service outcome) until withdrawn; CSS
        // (identity, safety plan, service outcome); none for REACH, except the break-glass below (contact).
        SeedScenario.PersonalDetails details = new SeedScenario.PersonalDetails(
                marker("Name", EnumSet.of(Agency.ALERT, Agency.CEASE, Agency.CATHOLIC_SOCIAL_SERVICES)),
                "1999-03-14",
                marker("Contact", EnumSet.of(Agency.ALERT, Agency.CEASE, Agency.REACH)),
                marker("Health", alertOnly),
                List.of(marker("PlanSummaryOne", alertOnly),
                        marker("PlanSummaryTwo", EnumSet.of(Agency.ALERT, Agency.CEASE, Agency.CATHOLIC_SOCIAL_SERVICES))),
                List.of(marker("PlanDetailsOne", alertOnly), marker("PlanDetailsTwo", alertOnly)),
                marker("CeaseOutcome", EnumSet.of(Agency.CEASE, Agency.ALERT)),
                marker("CssOutcome", EnumSet.of(Agency.CATHOLIC_SOCIAL_SERVICES, Agency.ALERT)),
                marker("ReachOutcome", EnumSet.of(Agency.REACH)),
                marker("CohortOutcome", EnumSet.of(Agency.CEASE)));
        String justification = "Imminent risk to life: " + marker("Justification", alertOnly);
        String poison = errorMarker("Poison");

        try (Network network = RunningNetwork.start("canary", 16_800, List.of(Agency.values()), agency -> List.of())) {
            ConcurrentLinkedQueue<Observed> responses = new ConcurrentLinkedQueue<>();
            NetworkClient client = new NetworkClient(network.topology().issuer(),
                    (method, url, response) -> responses.add(new Observed(method, url, response)));
            String alert = network.topology().agencyUrl(Agency.ALERT);
            String cease = network.topology().agencyUrl(Agency.CEASE);
            String css = network.topology().agencyUrl(Agency.CATHOLIC_SOCIAL_SERVICES);
            String reach = network.topology().agencyUrl(Agency.REACH);

            // The story, checked as SeedScenarioTest checks it on PostgreSQL.
            SeedScenario.Result seed = SeedScenarioTest.playAndCheck(network, client, details);
            String coordinator = client.token("alert-coordinator");
            String supervisor = client.token("alert-supervisor");
            String ceaseIntake = client.token("cease-intake");
            String cssIntake = client.token("css-intake");
            String reachIntake = client.token("reach-intake");
            NetworkClient.expect(200, client.get(alert + "/api/cases/" + seed.alertCaseId() + "/safety-plans", coordinator));

            // Break-glass: ALERT's supervisor releases her contact to REACH, without consent; her health stays.
            String emergencyCase = NetworkClient.expect(201, client.post(alert + "/api/cases", coordinator,
                    NetworkClient.json(Map.of("survivorRef", seed.survivorRef())))).get("caseId").asText();
            String emergencyReferral = NetworkClient.expect(202, client.post(alert + "/api/cases/" + emergencyCase + "/referrals",
                    supervisor, NetworkClient.json(Map.of("recipientAgency", "reach", "service", "EMOTIONAL_SUPPORT",
                            "urgency", "IMMEDIATE",
                            "personalData", Map.of("contact", details.contact(), "health", details.health()),
                            "emergencyDisclosure", Map.of("justification", justification, "categories", List.of("CONTACT"),
                                    "hours", 4))))).get("referralId").asText();
            JsonNode atReach = client.await(reach + "/api/referrals/inbox/" + emergencyReferral, reachIntake,
                    entry -> entry.path("personalData").path("contact").asText().equals(details.contact()), PROPAGATION);
            assertThat(atReach.toString()).doesNotContain(details.health());

            // Requests that are refused or malformed, carrying markers: none may come back or reach a log.
            String unknownCase = UUID.randomUUID().toString();
            for (String agencyUrl : List.of(alert, cease, css, reach)) {
                String token = agencyUrl.equals(alert) ? coordinator : agencyUrl.equals(cease) ? ceaseIntake
                        : agencyUrl.equals(css) ? cssIntake : reachIntake;
                List<NetworkClient.Response> refused = List.of(
                        client.post(agencyUrl + "/api/cases/" + unknownCase + "/safety-plans", token,
                                NetworkClient.json(Map.of("summary", errorMarker("UnknownCase")))),
                        client.post(agencyUrl + "/api/cases", token,
                                NetworkClient.json(Map.of("survivorRef", errorMarker("BadRef")))),
                        client.post(agencyUrl + "/api/cases/" + unknownCase + "/referrals", token,
                                "{\"recipientAgency\":\"cease\",\"personalData\":{\"name\":\"" + errorMarker("Truncated")),
                        client.post(agencyUrl + "/api/cases/" + unknownCase + "/referrals", token, NetworkClient.json(Map.of(
                                "recipientAgency", "cease", "service", "EXIT_SUPPORT", "urgency", "URGENT",
                                "nickname", errorMarker("UnknownField")))),
                        client.post(agencyUrl + "/api/cases/" + unknownCase + "/referrals", token, NetworkClient.json(Map.of(
                                "recipientAgency", errorMarker("WrongEnum"), "service", "EXIT_SUPPORT", "urgency", "URGENT"))),
                        client.post(agencyUrl + "/api/cases/" + unknownCase + "/referrals", token, NetworkClient.json(Map.of(
                                "recipientAgency", "cease", "service", "EXIT_SUPPORT", "urgency", "URGENT",
                                "personalData", Map.of("name", errorMarker("TooLong") + "x".repeat(300))))),
                        client.post(agencyUrl + "/api/consents", token, NetworkClient.json(Map.of(
                                "survivorRef", seed.survivorRef(), "granteeAgency", "reach", "purposes", List.of("SAFE_HOUSING"),
                                "categories", List.of("IDENTITY"), "method", "VERBAL", "witness", errorMarker("Witness").repeat(5),
                                "language", "en"))),
                        client.get(agencyUrl + "/api/referrals/inbox/" + errorMarker("InPath"), token),
                        client.get(agencyUrl + "/api/cases/" + seed.alertCaseId(), client.token("reach-intake")));
                assertThat(refused).allSatisfy(response -> {
                    assertThat(response.status()).as(response.body()).isBetween(400, 499);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                });
            }

            // A poison event: a referral to CEASE on the exchange whose urgency is no urgency (and quotes a marker).
            String poisonId = insertPoisonReferral(network, poison);
            String afterPoison = NetworkClient.expect(202, client.post(alert + "/api/cases/" + emergencyCase + "/referrals",
                    coordinator, NetworkClient.json(Map.of("recipientAgency", "cease", "service", "EXIT_SUPPORT",
                            "urgency", "ROUTINE")))).get("referralId").asText();
            client.await(cease + "/api/referrals/inbox/" + afterPoison, ceaseIntake, entry -> true, PROPAGATION);
            assertThat(logLines(network)).anyMatch(line -> line.contains("Quarantined unreadable event " + poisonId));

            // 1. Responses: each marker only from where it may be seen; and seen there, so the search finds it.
            Map<String, Set<Agency>> seen = markersSeen(network, responses);
            visibleAt.forEach((marker, allowed) -> assertThat(seen.getOrDefault(marker, Set.of()))
                    .as("agencies whose responses showed %s", marker).isSubsetOf(allowed));
            neverVisible.forEach(marker -> assertThat(seen).as("a response quoting %s", marker).doesNotContainKey(marker));
            assertThat(seen.get(details.name())).contains(Agency.CEASE, Agency.CATHOLIC_SOCIAL_SERVICES);
            assertThat(seen.get(details.contact())).contains(Agency.CEASE, Agency.REACH);
            assertThat(seen.get(details.ceaseOutcome())).contains(Agency.ALERT);
            assertThat(seen.get(details.cssOutcome())).contains(Agency.ALERT);
            assertThat(seen.get(details.safetyPlanSummaries().get(1))).contains(Agency.CATHOLIC_SOCIAL_SERVICES, Agency.ALERT);
            assertThat(seen.get(details.safetyPlanDetails().get(0))).contains(Agency.ALERT);

            // Metrics never carry any of it (tags, names, values).
            for (String agencyUrl : List.of(alert, cease, css, reach)) {
                NetworkClient.Response metrics = client.get(agencyUrl + "/actuator/prometheus", null);
                assertThat(metrics.status()).isEqualTo(200);
                assertThat(metrics.body()).contains("jvm_memory").satisfies(body -> allMarkers().forEach(marker ->
                        assertThat(body).as("metrics of %s", agencyUrl).doesNotContain(marker)));
            }

            // 2. Store files: nothing in the clear, anywhere. 3. Logs: nothing at all.
            assertNoMarkerAtRest(network, poison);
            assertNoMarkerInLogs(network);
            assertNoMarkerInRawExchange(network);

            // 4. Erasure: a privacy officer asks; every agency purges; nothing shows any more.
            NetworkClient.expect(202, client.post(reach + "/api/erasures", client.token("privacy-officer"),
                    NetworkClient.json(Map.of("survivorRef", seed.survivorRef()))));
            client.await(css + "/api/referrals/inbox/" + seed.toCss(), cssIntake,
                    entry -> entry.path("personalData").isNull() || entry.path("personalData").isMissingNode(), PROPAGATION);
            client.await(reach + "/api/referrals/inbox/" + emergencyReferral, reachIntake,
                    entry -> entry.path("personalData").isNull() || entry.path("personalData").isMissingNode(), PROPAGATION);
            client.await(alert + "/api/cases/" + seed.alertCaseId() + "/safety-plans", coordinator, JsonNode::isEmpty, PROPAGATION);
            client.await(alert + "/api/cases/" + seed.alertCaseId(), coordinator,
                    alertCase -> !alertCase.toString().contains(details.cssOutcome()), PROPAGATION);
            responses.clear();
            List<String> everyPage = List.of(
                    alert + "/api/cases/" + seed.alertCaseId(), alert + "/api/cases/" + seed.alertCaseId() + "/safety-plans",
                    alert + "/api/cases/" + emergencyCase, alert + "/api/cases",
                    cease + "/api/referrals/inbox/" + seed.toCease(), cease + "/api/cases/" + seed.ceaseCaseId(),
                    cease + "/api/referrals/inbox/" + seed.cohortReferrals().get(0),
                    css + "/api/referrals/inbox/" + seed.toCss(), css + "/api/cases/" + seed.cssCaseId(),
                    reach + "/api/referrals/inbox/" + seed.toReach(), reach + "/api/referrals/inbox/" + emergencyReferral);
            for (String page : everyPage) {
                String token = page.startsWith(alert) ? coordinator : page.startsWith(cease) ? ceaseIntake
                        : page.startsWith(css) ? cssIntake : reachIntake;
                assertThat(client.get(page, token).status()).as(page).isEqualTo(200);
            }
            Map<String, Set<Agency>> seenAfterErasure = markersSeen(network, responses);
            assertThat(seenAfterErasure.keySet()).as("markers shown after the erasure")
                    .doesNotContainAnyElementsOf(visibleAt.keySet().stream()
                            .filter(marker -> !marker.equals(details.cohortOutcome())).toList());
            assertNoMarkerAtRest(network, poison);
            assertNoMarkerInLogs(network);
        }
    }

    /** Which agencies' responses showed which markers (the identity provider counts as no agency: never). */
    private Map<String, Set<Agency>> markersSeen(Network network, Iterable<Observed> responses) {
        Map<String, Set<Agency>> seen = new LinkedHashMap<>();
        for (Observed observed : responses) {
            Agency from = null;
            for (Agency agency : Agency.values()) {
                if (observed.url().startsWith(network.topology().agencyUrl(agency))) {
                    from = agency;
                }
            }
            String text = observed.response().body() + " " + observed.response().contentType();
            for (String marker : allMarkers()) {
                if (text.contains(marker)) {
                    assertThat(from).as("a marker from the identity provider: " + observed.url()).isNotNull();
                    seen.computeIfAbsent(marker, any -> EnumSet.noneOf(Agency.class)).add(from);
                }
            }
        }
        return seen;
    }

    private List<String> allMarkers() {
        List<String> markers = new ArrayList<>(visibleAt.keySet());
        markers.addAll(neverVisible);
        return markers;
    }

    /** Every file under the data directory but the logs, searched byte by byte (UTF-8 and both UTF-16s). */
    private void assertNoMarkerAtRest(Network network, String poison) throws IOException {
        Path logs = network.topology().dataDir().resolve("logs");
        List<String> found = new ArrayList<>();
        boolean plantedFound = false;
        int files = 0;
        try (Stream<Path> walk = Files.walk(network.topology().dataDir())) {
            for (Path file : walk.filter(Files::isRegularFile).filter(file -> !file.startsWith(logs)).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException removedMeanwhile) {
                    continue; // H2 may drop a temporary file while we walk
                }
                files++;
                for (String marker : allMarkers()) {
                    // The poison event was written raw into the exchange by this test, in the clear, on purpose.
                    boolean planted = marker.equals(poison) && file.toString().contains("exchange");
                    if (contains(bytes, marker)) {
                        if (planted) {
                            plantedFound = true;
                        } else {
                            found.add(marker + " in " + network.topology().dataDir().relativize(file));
                        }
                    }
                }
            }
        }
        assertThat(files).as("store files searched").isGreaterThan(10);
        // The control: what was written in the clear is found in the database files, so the search would see a leak.
        assertThat(plantedFound).as("the planted poison marker found in the exchange's files").isTrue();
        assertThat(found).as("markers in the clear at rest").isEmpty();
    }

    private void assertNoMarkerInLogs(Network network) throws IOException {
        List<String> lines = logLines(network);
        assertThat(lines).as("log lines").hasSizeGreaterThan(50);
        for (String marker : allMarkers()) {
            assertThat(lines).as("log lines quoting %s", marker).noneMatch(line -> line.contains(marker));
        }
    }

    private static List<String> logLines(Network network) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(network.topology().dataDir().resolve("logs"))) {
            for (Path log : walk.filter(Files::isRegularFile).toList()) {
                lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    /** A raw read of the exchange's tables (plain JDBC, no application code): no marker but the planted poison. */
    private void assertNoMarkerInRawExchange(Network network) throws Exception {
        try (Connection connection = DriverManager.getConnection(network.topology().exchangeJdbcUrl(), "swo", "swo-exchange");
             PreparedStatement statement = connection.prepareStatement("select payload, metadata from domainevententry");
             ResultSet rows = statement.executeQuery()) {
            int events = 0;
            while (rows.next()) {
                events++;
                String row = new String(rows.getBytes(1), StandardCharsets.UTF_8) + new String(rows.getBytes(2), StandardCharsets.UTF_8);
                for (String marker : visibleAt.keySet()) {
                    assertThat(row).as("a raw exchange row").doesNotContain(marker);
                }
            }
            assertThat(events).isGreaterThan(50);
        }
    }

    /** Copies a referral's event on the exchange as a new one to CEASE with an urgency no reader knows. */
    private static String insertPoisonReferral(Network network, String poison) throws Exception {
        String poisonId = UUID.randomUUID().toString();
        try (Connection connection = DriverManager.getConnection(network.topology().exchangeJdbcUrl(), "swo", "swo-exchange")) {
            Map<String, Object> template = new LinkedHashMap<>();
            try (PreparedStatement find = connection.prepareStatement("select type, payloadtype, payloadrevision, payload,"
                    + " metadata from domainevententry where payloadtype = 'org.saferwayout.events.ReferralRequested'"
                    + " order by globalindex limit 1")) {
                try (ResultSet row = find.executeQuery()) {
                    assertThat(row.next()).as("the referral's event on the exchange").isTrue();
                    for (String column : List.of("type", "payloadtype", "payloadrevision", "payload", "metadata")) {
                        template.put(column, row.getObject(column));
                    }
                }
            }
            ObjectNode payload = (ObjectNode) JSON.readTree((byte[]) template.get("payload"));
            payload.put("eventId", poisonId).put("referralId", UUID.randomUUID().toString()).put("urgency", poison)
                    .put("recipientAgency", "cease");
            try (PreparedStatement insert = connection.prepareStatement("insert into domainevententry (eventidentifier,"
                    + " aggregateidentifier, sequencenumber, type, timestamp, payloadtype, payloadrevision, payload, metadata)"
                    + " values (?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, poisonId);
                insert.setString(2, poisonId);
                insert.setObject(3, template.get("type"));
                insert.setString(4, Instant.now().toString());
                insert.setObject(5, template.get("payloadtype"));
                insert.setObject(6, template.get("payloadrevision"));
                insert.setBytes(7, JSON.writeValueAsBytes(payload));
                insert.setObject(8, template.get("metadata"));
                insert.executeUpdate();
            }
        }
        return poisonId;
    }

    private static boolean contains(byte[] haystack, String marker) {
        for (java.nio.charset.Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            if (indexOf(haystack, marker.getBytes(charset)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
