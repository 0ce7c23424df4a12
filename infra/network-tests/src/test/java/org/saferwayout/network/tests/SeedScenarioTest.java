package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkTopology.Agency;
import org.saferwayout.network.SeedScenario;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed scenario through the four agency services as separate processes, with the exchange and every
 * agency's private event store on PostgreSQL at 127.0.0.1:5432 (on the embedded default, H2, it runs in
 * {@code PersonalDataCanaryTest}, with markers for its personal data):
 * every referral ends where the story takes it, on both sides; service outcomes reach ALERT's case only under
 * a consent covering them; the withdrawn consent leaves CEASE only the pseudonym and the status; the refused
 * commands are refused by name; REACH's outcome report counts the cohort exactly and suppresses the story's
 * single survivor.
 */
class SeedScenarioTest {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    @Test
    void seedScenarioPassesThroughFourServiceProcessesOnPostgres() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String exchange = "swo_seed_exchange_" + suffix;
        Map<Agency, String> privateStores = new EnumMap<>(Agency.class);
        for (Agency agency : Agency.values()) {
            privateStores.put(agency, "swo_seed_" + agency.code.replace('-', '_') + "_" + suffix);
        }
        String keys = "swo_seed_keys_" + suffix;
        List<String> databases = new ArrayList<>(privateStores.values());
        databases.add(exchange);
        databases.add(keys);
        Function<Agency, List<String>> postgres = agency ->
                PostgresDatabases.serviceArgs(exchange, keys, privateStores.get(agency));
        PostgresDatabases.create(databases);
        try (Network network = RunningNetwork.start("seed-pg", 16_500, List.of(Agency.values()), postgres)) {
            playAndCheck(network, RunningNetwork.client(network), SeedScenario.PersonalDetails.demo());
            // The story really went through PostgreSQL: the exchange holds the status changes of both sides.
            assertThat(PostgresDatabases.count(exchange, "select count(*) from domainevententry"
                    + " where payloadtype = 'org.saferwayout.events.ReferralStatusChanged'")).isEqualTo(24);
            assertThat(PostgresDatabases.count(privateStores.get(Agency.REACH), "select count(*) from domainevententry")).isPositive();
            // Personal data crossed sealed, under keys kept in PostgreSQL too (ADR 009).
            assertThat(PostgresDatabases.count(keys, "select count(*) from data_key")).isPositive();
        } finally {
            PostgresDatabases.drop(databases);
        }
    }

    /** Plays the seed scenario with these details through {@code client} and checks where the story ended. */
    static SeedScenario.Result playAndCheck(Network network, NetworkClient client, SeedScenario.PersonalDetails details)
            throws Exception {
        String alert = network.topology().agencyUrl(Agency.ALERT);
        String cease = network.topology().agencyUrl(Agency.CEASE);
        String css = network.topology().agencyUrl(Agency.CATHOLIC_SOCIAL_SERVICES);
        String reach = network.topology().agencyUrl(Agency.REACH);

        SeedScenario.Result seed = new SeedScenario(network.topology(), client, PROPAGATION, details).play(LocalDate.now());

        String coordinator = client.token("alert-coordinator");
        String ceaseIntake = client.token("cease-intake");
        String cssIntake = client.token("css-intake");
        String reachIntake = client.token("reach-intake");

        // The commands the rules refuse were refused, each as a problem naming its rule.
        assertThat(seed.refusals()).extracting(SeedScenario.Refusal::status).containsOnly(409);
        assertThat(seed.refusals()).extracting(SeedScenario.Refusal::contentType)
                .allMatch(type -> type.startsWith("application/problem+json"));
        assertThat(seed.refusals()).extracting(SeedScenario.Refusal::problemType).containsExactly(
                "urn:saferwayout:problem:referral-action-not-for-this-side",
                "urn:saferwayout:problem:referral-transition-not-allowed",
                "urn:saferwayout:problem:referral-transition-not-allowed",
                "urn:saferwayout:problem:referral-transition-not-allowed",
                "urn:saferwayout:problem:case-closed");

        // ALERT's case: closed with its reason, two safety plan versions, every referral where the story left it.
        JsonNode alertCase = NetworkClient.expect(200, client.get(alert + "/api/cases/" + seed.alertCaseId(), coordinator));
        assertThat(alertCase.get("status").asText()).isEqualTo("CLOSED");
        assertThat(alertCase.get("closureReason").asText()).isEqualTo("GOALS_MET");
        assertThat(alertCase.get("safetyPlanVersion").asInt()).isEqualTo(2);
        JsonNode plans = NetworkClient.expect(200, client.get(alert + "/api/cases/" + seed.alertCaseId() + "/safety-plans", coordinator));
        assertThat(plans).extracting(plan -> plan.get("version").asInt()).containsExactly(2, 1);
        JsonNode toCeaseAtAlert = referral(alertCase, seed.toCease());
        assertThat(toCeaseAtAlert.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(toCeaseAtAlert.get("statusReason").asText()).isEqualTo("GOALS_MET");
        JsonNode toCssAtAlert = referral(alertCase, seed.toCss());
        assertThat(toCssAtAlert.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(toCssAtAlert.get("statusReason").asText()).isEqualTo("GOALS_PARTIALLY_MET");
        JsonNode toReachAtAlert = referral(alertCase, seed.toReach());
        assertThat(toReachAtAlert.get("status").asText()).isEqualTo("COMPLETED");

        // Service outcomes: CSS's is on ALERT's case (consent covers SERVICE_OUTCOME); REACH's never came (no
        // consent for REACH); CEASE's came, and left with the withdrawn consent.
        JsonNode lodging = toCssAtAlert.get("servicesDelivered");
        assertThat(lodging).hasSize(1);
        assertThat(lodging.get(0).get("providerAgency").asText()).isEqualTo("catholic-social-services");
        assertThat(lodging.get(0).get("service").asText()).isEqualTo("SAFE_LODGING");
        assertThat(lodging.get(0).get("deliveredOn").asText()).isEqualTo(seed.storyDay().toString());
        assertThat(lodging.get(0).get("outcome").get("serviceOutcome").asText()).isEqualTo(details.cssOutcome());
        assertThat(toReachAtAlert.get("servicesDelivered")).isEmpty();
        assertThat(seed.ceaseOutcomeAtAlertBeforeWithdrawal().get("providerAgency").asText()).isEqualTo("cease");
        assertThat(seed.ceaseOutcomeAtAlertBeforeWithdrawal().get("outcome").get("serviceOutcome").asText())
                .isEqualTo(details.ceaseOutcome());
        assertThat(toCeaseAtAlert.get("servicesDelivered")).isEmpty();
        JsonNode consent = NetworkClient.expect(200, client.get(alert + "/api/consents/" + seed.ceaseConsentId(), coordinator));
        assertThat(consent.get("state").asText()).isEqualTo("WITHDRAWN");

        // CEASE: after the withdrawal, only the pseudonym and the status of ALERT's referral remain.
        JsonNode toCeaseAtCease = inboxEntry(client, cease, ceaseIntake, seed.toCease());
        assertThat(toCeaseAtCease.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(toCeaseAtCease.get("survivorRef").asText()).isEqualTo(seed.survivorRef());
        assertThat(toCeaseAtCease.get("personalData").isNull()).isTrue();
        assertThat(toCeaseAtCease.toString()).doesNotContain(details.name()).doesNotContain(details.contact());
        JsonNode cssToCeaseAtCease = inboxEntry(client, cease, ceaseIntake, seed.cssToCease());
        assertThat(cssToCeaseAtCease.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cssToCeaseAtCease.get("statusReason").asText()).isEqualTo("SURVIVOR_DECLINED");
        JsonNode ceaseCase = NetworkClient.expect(200, client.get(cease + "/api/cases/" + seed.ceaseCaseId(), ceaseIntake));
        assertThat(ceaseCase.get("survivorRef").asText()).isEqualTo(seed.survivorRef());
        assertThat(referral(ceaseCase, seed.ceaseToCss()).get("status").asText()).isEqualTo("DECLINED");
        assertThat(referral(ceaseCase, seed.ceaseToCss()).get("statusReason").asText()).isEqualTo("NO_CAPACITY");

        // CSS: what its consent covers (identity, the safety plan's summary), nothing else; its own referral cancelled.
        JsonNode toCssAtCss = inboxEntry(client, css, cssIntake, seed.toCss());
        assertThat(toCssAtCss.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(toCssAtCss.get("personalData").get("name").asText()).isEqualTo(details.name());
        assertThat(toCssAtCss.get("personalData").get("safetyPlanSummary").asText()).isEqualTo(details.safetyPlanSummaries().get(1));
        assertThat(toCssAtCss.toString()).doesNotContain(details.contact()).doesNotContain(details.health());
        assertThat(toCssAtCss.get("servicesDelivered")).hasSize(1);
        JsonNode ceaseToCssAtCss = inboxEntry(client, css, cssIntake, seed.ceaseToCss());
        assertThat(ceaseToCssAtCss.get("status").asText()).isEqualTo("DECLINED");
        assertThat(ceaseToCssAtCss.get("requestingAgency").asText()).isEqualTo("cease");
        JsonNode cssCase = NetworkClient.expect(200, client.get(css + "/api/cases/" + seed.cssCaseId(), cssIntake));
        assertThat(referral(cssCase, seed.cssToCease()).get("status").asText()).isEqualTo("CANCELLED");

        // REACH: the referral, without personal data (no consent for REACH), completed.
        JsonNode toReachAtReach = inboxEntry(client, reach, reachIntake, seed.toReach());
        assertThat(toReachAtReach.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(toReachAtReach.get("personalData").isNull()).isTrue();
        assertThat(toReachAtReach.get("servicesDelivered")).hasSize(1);

        // REACH's outcome report: the cohort's day shows its ten survivors exactly, every other cell zero...
        String supervisor = client.token("reach-supervisor");
        String cohortCity = seed.cohortService().city();
        JsonNode cohortReport = await().atMost(PROPAGATION).until(
                () -> NetworkClient.expect(200, client.get(report(reach, seed.cohortDay()), supervisor)),
                report -> report.get("grandTotal").path("count").asInt() == SeedScenario.COHORT_SIZE);
        for (JsonNode row : cohortReport.get("rows")) {
            boolean cohortCell = row.get("service").asText().equals("EMOTIONAL_SUPPORT") && row.get("city").asText().equals(cohortCity);
            assertThat(row.get("total").get("suppressed").asBoolean()).as(row.toString()).isFalse();
            assertThat(row.get("total").get("count").asInt()).as(row.toString()).isEqualTo(cohortCell ? SeedScenario.COHORT_SIZE : 0);
        }
        // ... and the story's day, one survivor helped by three agencies, shows only suppressed cells and zeros.
        List<String> storyCells = List.of("EXIT_SUPPORT/Edmonton", "SAFE_LODGING/Edmonton", "EMOTIONAL_SUPPORT/Edmonton");
        JsonNode storyReport = await().atMost(PROPAGATION).until(
                () -> NetworkClient.expect(200, client.get(report(reach, seed.storyDay()), supervisor)),
                report -> storyCells.stream().allMatch(cell -> row(report, cell).get("total").get("suppressed").asBoolean()));
        assertThat(storyReport.get("grandTotal").get("suppressed").asBoolean()).isTrue();
        assertThat(storyReport.get("grandTotal").get("count").isNull()).isTrue();
        for (JsonNode row : storyReport.get("rows")) {
            if (!storyCells.contains(row.get("service").asText() + "/" + row.get("city").asText())) {
                assertThat(row.get("total").get("count").asInt()).as(row.toString()).isZero();
            }
        }
        return seed;
    }

    private static String report(String reach, LocalDate day) {
        return reach + "/api/reports/outcomes?from=" + day + "&to=" + day + "&period=month";
    }

    private static JsonNode row(JsonNode report, String serviceAndCity) {
        for (JsonNode row : report.get("rows")) {
            if ((row.get("service").asText() + "/" + row.get("city").asText()).equals(serviceAndCity)) {
                return row;
            }
        }
        throw new AssertionError("no row " + serviceAndCity + " in " + report);
    }

    private static JsonNode referral(JsonNode supportCase, String referralId) {
        for (JsonNode referral : supportCase.get("referrals")) {
            if (referral.get("referralId").asText().equals(referralId)) {
                return referral;
            }
        }
        throw new AssertionError("no referral " + referralId + " on " + supportCase);
    }

    private static JsonNode inboxEntry(NetworkClient client, String agency, String token, String referralId) throws Exception {
        return NetworkClient.expect(200, client.get(agency + "/api/referrals/inbox/" + referralId, token));
    }
}
