package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkTopology.Agency;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through separate services: ALERT records the survivor's consent for CEASE and none for Catholic Social
 * Services, then refers her to both with personal data. CEASE receives what the consent covers; CSS receives
 * no personal data, and the exchange records the withheld decision. When the consent for CEASE is withdrawn,
 * CEASE's copy is purged and only the pseudonym and the referral's status remain.
 */
class ConsentAcrossServicesTest {

    @Test
    void personalDataCrossesOnlyUnderConsentAndIsPurgedOnWithdrawal() throws Exception {
        try (Network network = RunningNetwork.start("consent", 13_000,
                List.of(Agency.ALERT, Agency.CEASE, Agency.CATHOLIC_SOCIAL_SERVICES), agency -> List.of())) {
            NetworkClient client = RunningNetwork.client(network);
            String alert = network.topology().agencyUrl(Agency.ALERT);
            String cease = network.topology().agencyUrl(Agency.CEASE);
            String css = network.topology().agencyUrl(Agency.CATHOLIC_SOCIAL_SERVICES);
            String coordinator = client.token("alert-coordinator");
            String ceaseIntake = client.token("cease-intake");
            String cssIntake = client.token("css-intake");

            String marker = "Marker" + UUID.randomUUID().toString().replace("-", "");
            JsonNode opened = NetworkClient.expect(201, client.post(alert + "/api/cases", coordinator, "{}"));
            String caseId = opened.get("caseId").asText();
            String survivorRef = opened.get("survivorRef").asText();

            JsonNode consent = NetworkClient.expect(201, client.post(alert + "/api/consents", coordinator, """
                    {"survivorRef":"%s","granteeAgency":"cease","purposes":["EXIT_SUPPORT","EMOTIONAL_SUPPORT"],
                     "categories":["IDENTITY","SAFETY_PLAN"],"method":"WRITTEN","language":"en"}
                    """.formatted(survivorRef)));
            String consentId = consent.get("consentId").asText();

            String personalData = """
                    {"name":"%1$s-name","dateOfBirth":"1998-04-05","contact":"%1$s-contact",
                     "safetyPlanSummary":"%1$s-plan","health":"%1$s-health"}""".formatted(marker);
            String toCease = referralId(client.post(alert + "/api/cases/" + caseId + "/referrals", coordinator,
                    "{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\",\"personalData\":" + personalData + "}"));
            String toCss = referralId(client.post(alert + "/api/cases/" + caseId + "/referrals", coordinator,
                    "{\"recipientAgency\":\"catholic-social-services\",\"service\":\"SAFE_LODGING\",\"urgency\":\"URGENT\",\"personalData\":" + personalData + "}"));

            // CEASE holds and serves what the consent covers, and nothing else.
            JsonNode atCease = await().atMost(Duration.ofSeconds(60)).until(
                    () -> client.get(cease + "/api/referrals/inbox/" + toCease, ceaseIntake),
                    response -> response.status() == 200).json();
            assertThat(atCease.get("personalData").get("name").asText()).isEqualTo(marker + "-name");
            assertThat(atCease.get("personalData").get("safetyPlanSummary").asText()).isEqualTo(marker + "-plan");
            assertThat(atCease.toString()).doesNotContain(marker + "-contact").doesNotContain(marker + "-health");

            // CSS has the referral, with the pseudonym and no personal data at all.
            JsonNode atCss = await().atMost(Duration.ofSeconds(60)).until(
                    () -> client.get(css + "/api/referrals/inbox/" + toCss, cssIntake),
                    response -> response.status() == 200).json();
            assertThat(atCss.get("survivorRef").asText()).isEqualTo(survivorRef);
            assertThat(atCss.get("personalData").isNull()).isTrue();
            assertThat(atCss.toString()).doesNotContain(marker);

            // The exchange: the withheld decision for CSS is recorded, without the data; nothing uncovered crossed.
            List<String[]> exchange = exchangeRows(network);
            String decisionForCss = exchange.stream()
                    .filter(row -> row[0].equals("org.saferwayout.events.SharingDecisionRecorded") && row[1].contains(toCss))
                    .map(row -> row[1]).findFirst().orElseThrow();
            assertThat(decisionForCss).contains("\"reason\":\"NO_CONSENT\"").contains("\"released\":[]")
                    .contains("IDENTITY").contains("CONTACT").contains("HEALTH").doesNotContain(marker);
            assertThat(exchange).noneMatch(row -> row[1].contains(marker + "-contact") || row[1].contains(marker + "-health"));
            // What crossed is sealed for CEASE (ADR 009): a raw read of the exchange shows no marker at all.
            assertThat(exchange).noneMatch(row -> row[1].contains(marker));
            assertThat(exchange.stream().filter(row -> row[1].contains(toCease) && row[0].endsWith(".ReferralRequested")))
                    .singleElement().satisfies(row -> assertThat(row[1]).contains("\"sealed\":\"A256GCM\""));
            assertThat(dataKeys(network, survivorRef, "cease")).isEqualTo(1);
            assertThat(exchange.stream().filter(row -> row[1].contains(toCss)))
                    .noneMatch(row -> row[1].contains(marker));
            assertThat(decisionForCss).contains("\"requestedBy\":\"alert-coordinator\"");

            // Consent is never a condition of service: CSS accepts the referral it got without any personal data.
            NetworkClient.expect(200, client.post(css + "/api/referrals/inbox/" + toCss + "/actions/ACCEPT", cssIntake, ""));

            // Withdrawal: CEASE's copy is purged; the referral stays, with the pseudonym and its status.
            NetworkClient.expect(200, client.post(alert + "/api/consents/" + consentId + "/withdrawal", coordinator, ""));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode after = NetworkClient.expect(200, client.get(cease + "/api/referrals/inbox/" + toCease, ceaseIntake));
                assertThat(after.get("personalData").isNull()).isTrue();
                assertThat(after.get("survivorRef").asText()).isEqualTo(survivorRef);
                assertThat(after.get("status").asText()).isEqualTo("REQUESTED");
                assertThat(after.toString()).doesNotContain(marker);
            });
            // ... and crypto-shredded: the key of what CEASE was sent about her is gone from the network key store.
            await().atMost(Duration.ofSeconds(30)).until(() -> dataKeys(network, survivorRef, "cease") == 0);
            JsonNode fhir = NetworkClient.expect(200, client.get(cease + "/api/consents/" + consentId + "/fhir", ceaseIntake));
            assertThat(fhir.get("status").asText()).isEqualTo("inactive");

            // A later referral to CEASE carries nothing: the withdrawal took effect for every later share.
            String later = referralId(client.post(alert + "/api/cases/" + caseId + "/referrals", coordinator,
                    "{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"ROUTINE\",\"personalData\":" + personalData + "}"));
            JsonNode laterAtCease = await().atMost(Duration.ofSeconds(60)).until(
                    () -> client.get(cease + "/api/referrals/inbox/" + later, ceaseIntake),
                    response -> response.status() == 200).json();
            assertThat(laterAtCease.toString()).doesNotContain(marker);

            // Break-glass: no consent for CSS, but ALERT's supervisor approves an emergency disclosure of identity.
            String emergencyBody = "{\"recipientAgency\":\"catholic-social-services\",\"service\":\"SAFE_LODGING\",\"urgency\":\"IMMEDIATE\","
                    + "\"personalData\":" + personalData + ",\"emergencyDisclosure\":{\"justification\":\"Imminent risk to life: she was threatened tonight\","
                    + "\"categories\":[\"IDENTITY\"],\"hours\":4}}";
            assertThat(client.post(alert + "/api/cases/" + caseId + "/referrals", coordinator, emergencyBody).status())
                    .as("only a supervisor may approve an emergency disclosure").isEqualTo(403);
            String supervisor = client.token("alert-supervisor");
            String emergency = referralId(client.post(alert + "/api/cases/" + caseId + "/referrals", supervisor, emergencyBody));
            JsonNode atCssNow = await().atMost(Duration.ofSeconds(60)).until(
                    () -> client.get(css + "/api/referrals/inbox/" + emergency, cssIntake),
                    response -> response.status() == 200 && response.body().contains("\"personalData\":{")).json();
            assertThat(atCssNow.get("personalData").get("name").asText()).isEqualTo(marker + "-name");
            assertThat(atCssNow.toString()).doesNotContain(marker + "-contact").doesNotContain(marker + "-health");
            assertThat(atCssNow.get("emergencyDisclosure").get("approvedBy").asText()).isEqualTo("alert-supervisor");
            JsonNode notifications = NetworkClient.expect(200, client.get(css + "/api/supervisor/notifications",
                    client.token("css-supervisor")));
            assertThat(notifications.toString()).contains(emergency).doesNotContain(marker);
            assertThat(exchangeRows(network)).anyMatch(row -> row[0].equals("org.saferwayout.events.SharingDecisionRecorded")
                    && row[1].contains(emergency) && row[1].contains("EMERGENCY_DISCLOSURE"));
            JsonNode alertCase = NetworkClient.expect(200, client.get(alert + "/api/cases/" + caseId, coordinator));
            assertThat(alertCase.toString()).contains("\"emergencyDisclosure\":true");
            assertThat(exchangeRows(network)).noneMatch(row -> row[1].contains("threatened tonight"));
            assertThat(exchangeRows(network)).noneMatch(row -> row[1].contains(marker));
            // Every byte of the exchange-store's files (exchange and key store), and every log line of every
            // process: no marker, in any form the data was sent in.
            java.nio.file.Path dataDir = network.topology().dataDir();
            for (java.nio.file.Path file : filesUnder(dataDir.resolve("exchange"))) {
                if (java.nio.file.Files.exists(file)) { // H2 may drop a temporary file while we walk
                    assertThat(containsAny(java.nio.file.Files.readAllBytes(file), marker)).as(file.toString()).isFalse();
                }
            }
            for (java.nio.file.Path log : filesUnder(dataDir.resolve("logs"))) {
                assertThat(java.nio.file.Files.readString(log)).as(log.toString()).doesNotContain(marker);
            }
        }
    }

    private static List<java.nio.file.Path> filesUnder(java.nio.file.Path directory) throws Exception {
        try (var files = java.nio.file.Files.walk(directory)) {
            List<java.nio.file.Path> found = files.filter(java.nio.file.Files::isRegularFile).toList();
            assertThat(found).as("files under " + directory).isNotEmpty();
            return found;
        }
    }

    /** Whether the bytes hold the text, as UTF-8 or as UTF-16 (how H2 may keep a string). */
    private static boolean containsAny(byte[] bytes, String text) {
        String latin = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        String utf16 = new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_16BE),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        return latin.contains(text) || latin.contains(utf16);
    }

    private static String referralId(NetworkClient.Response response) throws Exception {
        return NetworkClient.expect(202, response).get("referralId").asText();
    }

    /** Data keys in the network key store for what the agency was sent about the survivor, by plain JDBC. */
    private static int dataKeys(Network network, String survivorRef, String agency) throws Exception {
        try (Connection connection = DriverManager.getConnection(network.topology().keysJdbcUrl(), "swo", "swo-keys");
             var statement = connection.prepareStatement("SELECT COUNT(*) FROM data_key WHERE survivor_ref = ? AND agency = ?")) {
            statement.setString(1, survivorRef);
            statement.setString(2, agency);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** The raw exchange table, read with plain JDBC: payload type and payload of every event. */
    private static List<String[]> exchangeRows(Network network) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(network.topology().exchangeJdbcUrl(), "swo", "swo-exchange");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT payloadtype, payload FROM domainevententry ORDER BY globalindex")) {
            while (result.next()) {
                rows.add(new String[]{result.getString(1), new String(result.getBytes(2), java.nio.charset.StandardCharsets.UTF_8)});
            }
        }
        return rows;
    }
}
