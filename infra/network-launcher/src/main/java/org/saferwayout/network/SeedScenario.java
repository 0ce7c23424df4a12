package org.saferwayout.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.saferwayout.network.NetworkTopology.Agency;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One survivor's path through all four agencies, played over HTTP exactly as their staff would, plus a cohort
 * of ten more survivors at CEASE's peer support group so that REACH's outcome report has a cell large enough
 * to publish. Used to seed the demo network ({@code network run --demo-data}) and by the process-level tests,
 * which check what it returns against what each agency then serves.
 *
 * <p>The story: ALERT's Safety Network Coordinator opens a case, records the survivor's consents for CEASE and
 * for Catholic Social Services (both covering service outcomes), records a safety plan and revises it, and
 * refers her to CEASE for exit support, to CSS for safe lodging (both with personal data) and to REACH for
 * emotional support (no consent, so no data). The three recipients take the referrals on, deliver their
 * services and complete. CEASE and CSS each open their own case for her: CEASE's referral to CSS for mental
 * health is declined for lack of capacity, CSS's referral to CEASE's legal clinic is cancelled by CSS. A few
 * commands the rules refuse are tried along the way. The consent for CEASE is then withdrawn, and ALERT's case
 * closes with its goals met.
 *
 * <p>Each step waits, with a timeout, until the other side shows what the step depends on; a step that does
 * not happen throws. Refused commands are recorded, not judged: callers check them.
 */
public final class SeedScenario {

    /** Distinct survivors in the cohort: at least the outcome report's default small-cell threshold (10). */
    public static final int COHORT_SIZE = 10;

    /** How HSDS names each agency's organization in the directory REACH serves. */
    private static final Map<Agency, String> ORGANIZATIONS = Map.of(
            Agency.ALERT, "ALERT Human Trafficking Units",
            Agency.CEASE, "CEASE",
            Agency.CATHOLIC_SOCIAL_SERVICES, "Catholic Social Services",
            Agency.REACH, "REACH Edmonton");

    private final NetworkClient client;
    private final String alert;
    private final String cease;
    private final String css;
    private final String reach;
    private final Duration propagation;
    private final PersonalDetails details;

    /**
     * What the story says about its survivor, as staff would type it. The demo's is {@link #demo()}; the canary
     * test gives every field a unique marker, to find it wherever it ends up.
     */
    public record PersonalDetails(String name, String dateOfBirth, String contact, String health,
                                  List<String> safetyPlanSummaries, List<String> safetyPlanDetails,
                                  String ceaseOutcome, String cssOutcome, String reachOutcome, String cohortOutcome) {

        public static PersonalDetails demo() {
            return new PersonalDetails("Maya Example", "1999-03-14", "780-555-0142 (text first)", "Asthma; carries an inhaler",
                    List.of("Stays with her sister in Sherwood Park; check-in call every evening.",
                            "Moving to safe lodging; check-in call every evening until court."),
                    List.of("Code word with her sister; the coordinator's after-hours number is saved under a friend's name.",
                            "Code word with her sister; a new phone from the coordinator; no contact with her old number."),
                    "Exit plan agreed; first two sessions attended.", "Placed in safe lodging; settled in.",
                    "Weekly check-ins with the network coordinator.", "Attended the peer support group.");
        }
    }

    public SeedScenario(NetworkTopology topology, NetworkClient client) {
        this(topology, client, Duration.ofSeconds(60), PersonalDetails.demo());
    }

    public SeedScenario(NetworkTopology topology, NetworkClient client, Duration propagation) {
        this(topology, client, propagation, PersonalDetails.demo());
    }

    public SeedScenario(NetworkTopology topology, NetworkClient client, Duration propagation, PersonalDetails details) {
        this.details = details;
        this.client = client;
        this.alert = topology.agencyUrl(Agency.ALERT);
        this.cease = topology.agencyUrl(Agency.CEASE);
        this.css = topology.agencyUrl(Agency.CATHOLIC_SOCIAL_SERVICES);
        this.reach = topology.agencyUrl(Agency.REACH);
        this.propagation = propagation;
    }

    /** A directory service as found in REACH's HSDS directory. */
    public record DirectoryEntry(String id, String organization, String supportService, String city) {
    }

    /** A command the network refused (or, if the rules were broken, did not): what was tried and the answer. */
    public record Refusal(String attempt, int status, String problemType, String contentType) {
    }

    /**
     * What the scenario created. Referral ids: {@code toCease} (exit support, completed), {@code toCss} (safe
     * lodging, completed), {@code toReach} (emotional support, completed, no consent), {@code ceaseToCss} (mental
     * health, declined), {@code cssToCease} (legal clinic, cancelled by CSS). The withdrawal takes CEASE's
     * service outcome off ALERT's case, so it is kept here as ALERT's case showed it before.
     */
    public record Result(String survivorRef, String alertCaseId, String ceaseCaseId, String cssCaseId,
                         String ceaseConsentId, String cssConsentId,
                         String toCease, String toCss, String toReach, String ceaseToCss, String cssToCease,
                         JsonNode ceaseOutcomeAtAlertBeforeWithdrawal,
                         Map<String, DirectoryEntry> directory, LocalDate storyDay,
                         List<String> cohortSurvivorRefs, List<String> cohortReferrals, LocalDate cohortDay,
                         DirectoryEntry cohortService, List<Refusal> refusals) {
    }

    /**
     * Plays the story. Services are delivered the day before {@code today}, the cohort's a week before that,
     * so that each day's outcome report holds one part of the seed only.
     */
    public Result play(LocalDate today) throws IOException, InterruptedException {
        LocalDate storyDay = today.minusDays(1);
        LocalDate cohortDay = today.minusDays(8);
        String coordinator = client.token("alert-coordinator");
        String ceaseIntake = client.token("cease-intake");
        String cssIntake = client.token("css-intake");
        String reachIntake = client.token("reach-intake");
        List<Refusal> refusals = new ArrayList<>();

        Map<String, DirectoryEntry> directory = directory(coordinator);
        DirectoryEntry exitSupport = service(directory, Agency.CEASE, "EXIT_SUPPORT");
        DirectoryEntry peerSupport = service(directory, Agency.CEASE, "EMOTIONAL_SUPPORT");
        DirectoryEntry legalClinic = service(directory, Agency.CEASE, "COURT_SUPPORT");
        DirectoryEntry safeLodging = service(directory, Agency.CATHOLIC_SOCIAL_SERVICES, "SAFE_LODGING");
        DirectoryEntry mentalHealth = service(directory, Agency.CATHOLIC_SOCIAL_SERVICES, "MENTAL_HEALTH_RESOURCES");
        DirectoryEntry coordination = service(directory, Agency.REACH, "EMOTIONAL_SUPPORT");

        // ALERT: the case, her consents, her safety plan
        JsonNode opened = NetworkClient.expect(201, client.post(alert + "/api/cases", coordinator, "{}"));
        String alertCase = opened.get("caseId").asText();
        String survivor = opened.get("survivorRef").asText();
        String ceaseConsent = recordConsent(coordinator, survivor, "cease", List.of("EXIT_SUPPORT", "EMOTIONAL_SUPPORT"),
                List.of("IDENTITY", "CONTACT", "SAFETY_PLAN", "SERVICE_OUTCOME"), null);
        String cssConsent = recordConsent(coordinator, survivor, "catholic-social-services", List.of("SAFE_HOUSING"),
                List.of("IDENTITY", "SAFETY_PLAN", "SERVICE_OUTCOME"), "alert-intake");
        recordSafetyPlan(coordinator, alertCase, details.safetyPlanSummaries().get(0), details.safetyPlanDetails().get(0));
        recordSafetyPlan(coordinator, alertCase, details.safetyPlanSummaries().get(1), details.safetyPlanDetails().get(1));

        // ALERT refers her: CEASE and CSS with personal data under consent, REACH without (no consent for REACH)
        Map<String, Object> personalData = Map.of("name", details.name(), "dateOfBirth", details.dateOfBirth(),
                "contact", details.contact(), "health", details.health());
        String toCease = refer(coordinator, alert, alertCase, "cease", "EXIT_SUPPORT", exitSupport, "URGENT",
                personalData, true);
        String toCss = refer(coordinator, alert, alertCase, "catholic-social-services", "SAFE_LODGING", safeLodging,
                "IMMEDIATE", personalData, true);
        String toReach = refer(coordinator, alert, alertCase, "reach", "EMOTIONAL_SUPPORT", coordination, "ROUTINE",
                null, false);

        awaitInbox(cease, ceaseIntake, toCease, "REQUESTED");
        act(cease, ceaseIntake, toCease, "RECEIVE", null);
        act(cease, ceaseIntake, toCease, "ACCEPT", null);
        act(cease, ceaseIntake, toCease, "START", null);
        awaitInbox(css, cssIntake, toCss, "REQUESTED");
        act(css, cssIntake, toCss, "ACCEPT", null);
        act(css, cssIntake, toCss, "START", null);
        awaitInbox(reach, reachIntake, toReach, "REQUESTED");
        act(reach, reachIntake, toReach, "RECEIVE", null);
        act(reach, reachIntake, toReach, "ACCEPT", null);
        act(reach, reachIntake, toReach, "START", null);

        // CEASE and CSS open their own cases for her and refer her on
        String ceaseCase = openCase(ceaseIntake, cease, survivor);
        String ceaseToCss = refer(ceaseIntake, cease, ceaseCase, "catholic-social-services", "MENTAL_HEALTH_RESOURCES",
                mentalHealth, "ROUTINE", null, false);
        String cssCase = openCase(cssIntake, css, survivor);
        String cssToCease = refer(cssIntake, css, cssCase, "cease", "COURT_SUPPORT", legalClinic, "ROUTINE", null, false);

        awaitInbox(css, cssIntake, ceaseToCss, "REQUESTED");
        act(css, cssIntake, ceaseToCss, "DECLINE", "NO_CAPACITY");
        awaitInbox(cease, ceaseIntake, cssToCease, "REQUESTED");
        act(cease, ceaseIntake, cssToCease, "RECEIVE", null);
        refusals.add(attempt("CEASE, the recipient, cancels CSS's referral",
                client.post(cease + "/api/referrals/inbox/" + cssToCease + "/actions/CANCEL", ceaseIntake,
                        NetworkClient.json(Map.of("reason", "NO_LONGER_NEEDED")))));
        NetworkClient.expect(200, client.post(css + "/api/cases/" + cssCase + "/referrals/" + cssToCease + "/actions/CANCEL",
                cssIntake, NetworkClient.json(Map.of("reason", "SURVIVOR_DECLINED"))));
        awaitInbox(cease, ceaseIntake, cssToCease, "CANCELLED");
        refusals.add(attempt("CEASE accepts the referral CSS cancelled",
                client.post(cease + "/api/referrals/inbox/" + cssToCease + "/actions/ACCEPT", ceaseIntake, "")));

        // The services are delivered and the referrals completed
        deliver(cease, ceaseIntake, toCease, exitSupport, storyDay, details.ceaseOutcome());
        deliver(css, cssIntake, toCss, safeLodging, storyDay, details.cssOutcome());
        deliver(reach, reachIntake, toReach, coordination, storyDay, details.reachOutcome());
        act(cease, ceaseIntake, toCease, "COMPLETE", "GOALS_MET");
        act(css, cssIntake, toCss, "COMPLETE", "GOALS_PARTIALLY_MET");
        act(reach, reachIntake, toReach, "COMPLETE", "GOALS_MET");
        refusals.add(attempt("REACH starts the referral it completed",
                client.post(reach + "/api/referrals/inbox/" + toReach + "/actions/START", reachIntake, "")));

        JsonNode ceaseOutcomeAtAlert = awaitCaseReferral(alert, coordinator, alertCase, toCease,
                referral -> "COMPLETED".equals(referral.path("status").asText())
                        && referral.path("servicesDelivered").size() == 1).path("servicesDelivered").get(0);
        awaitCaseReferral(alert, coordinator, alertCase, toCss,
                referral -> "COMPLETED".equals(referral.path("status").asText())
                        && referral.path("servicesDelivered").size() == 1);
        awaitCaseReferral(alert, coordinator, alertCase, toReach,
                referral -> "COMPLETED".equals(referral.path("status").asText()));
        awaitCaseReferral(cease, ceaseIntake, ceaseCase, ceaseToCss,
                referral -> "DECLINED".equals(referral.path("status").asText()));
        refusals.add(attempt("ALERT, the requester, cancels the referral CEASE completed",
                client.post(alert + "/api/cases/" + alertCase + "/referrals/" + toCease + "/actions/CANCEL", coordinator,
                        NetworkClient.json(Map.of("reason", "NO_LONGER_NEEDED")))));

        // She withdraws her consent for CEASE: CEASE keeps only the pseudonym and the referral's status, and
        // ALERT's case no longer shows CEASE's service outcome
        NetworkClient.expect(200, client.post(alert + "/api/consents/" + ceaseConsent + "/withdrawal", coordinator, ""));
        client.await(cease + "/api/referrals/inbox/" + toCease, ceaseIntake,
                entry -> entry.path("personalData").isNull() || entry.path("personalData").isMissingNode(), propagation);
        awaitCaseReferral(alert, coordinator, alertCase, toCease, referral -> referral.path("servicesDelivered").isEmpty());

        NetworkClient.expect(202, client.post(alert + "/api/cases/" + alertCase + "/closure", coordinator,
                NetworkClient.json(Map.of("reason", "GOALS_MET"))));
        refusals.add(attempt("ALERT refers from the case it closed",
                client.post(alert + "/api/cases/" + alertCase + "/referrals", coordinator, NetworkClient.json(Map.of(
                        "recipientAgency", "cease", "service", "EMOTIONAL_SUPPORT", "urgency", "ROUTINE")))));

        // The cohort: ten survivors ALERT refers to CEASE's peer support group, all seen the same day
        List<String> cohortSurvivors = new ArrayList<>();
        List<String> cohortReferrals = new ArrayList<>();
        for (int i = 0; i < COHORT_SIZE; i++) {
            JsonNode cohortCase = NetworkClient.expect(201, client.post(alert + "/api/cases", coordinator, "{}"));
            cohortSurvivors.add(cohortCase.get("survivorRef").asText());
            cohortReferrals.add(refer(coordinator, alert, cohortCase.get("caseId").asText(), "cease", "EMOTIONAL_SUPPORT",
                    peerSupport, "ROUTINE", null, false));
        }
        for (String referral : cohortReferrals) {
            awaitInbox(cease, ceaseIntake, referral, "REQUESTED");
            act(cease, ceaseIntake, referral, "ACCEPT", null);
            deliver(cease, ceaseIntake, referral, peerSupport, cohortDay, details.cohortOutcome());
        }

        return new Result(survivor, alertCase, ceaseCase, cssCase, ceaseConsent, cssConsent,
                toCease, toCss, toReach, ceaseToCss, cssToCease, ceaseOutcomeAtAlert, directory, storyDay,
                List.copyOf(cohortSurvivors), List.copyOf(cohortReferrals), cohortDay, peerSupport, List.copyOf(refusals));
    }

    /** The network's services as REACH serves them (HSDS 3.0), by id: organization, kind and city. */
    private Map<String, DirectoryEntry> directory(String token) throws IOException, InterruptedException {
        Map<String, DirectoryEntry> entries = new LinkedHashMap<>();
        JsonNode page = NetworkClient.expect(200, client.get(reach + "/services?per_page=100", token));
        for (JsonNode listed : page.get("contents")) {
            String id = listed.get("id").asText();
            JsonNode service = NetworkClient.expect(200, client.get(reach + "/services/" + id, token));
            String kind = null;
            for (JsonNode attribute : service.path("attributes")) {
                kind = attribute.path("taxonomy_term").path("code").asText(null);
            }
            String city = null;
            for (JsonNode at : service.path("service_at_locations")) {
                for (JsonNode address : at.path("location").path("addresses")) {
                    city = address.path("city").asText(null);
                }
            }
            entries.put(id, new DirectoryEntry(id, service.path("organization").path("name").asText(), kind, city));
        }
        return entries;
    }

    private static DirectoryEntry service(Map<String, DirectoryEntry> directory, Agency agency, String kind) {
        return directory.values().stream()
                .filter(entry -> ORGANIZATIONS.get(agency).equals(entry.organization()) && kind.equals(entry.supportService()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the directory lists no " + kind + " service of " + agency.code));
    }

    private String recordConsent(String token, String survivor, String grantee, List<String> purposes,
                                 List<String> categories, String witness) throws IOException, InterruptedException {
        Map<String, Object> form = new HashMap<>(Map.of("survivorRef", survivor, "granteeAgency", grantee,
                "purposes", purposes, "categories", categories,
                "method", witness == null ? "WRITTEN" : "VERBAL_WITH_WITNESS", "language", "en"));
        if (witness != null) {
            form.put("witness", witness);
        }
        return NetworkClient.expect(201, client.post(alert + "/api/consents", token, NetworkClient.json(form)))
                .get("consentId").asText();
    }

    private void recordSafetyPlan(String token, String caseId, String summary, String details)
            throws IOException, InterruptedException {
        NetworkClient.expect(202, client.post(alert + "/api/cases/" + caseId + "/safety-plans", token,
                NetworkClient.json(Map.of("summary", summary, "details", details))));
    }

    private String openCase(String token, String agency, String survivor) throws IOException, InterruptedException {
        return NetworkClient.expect(201, client.post(agency + "/api/cases", token,
                NetworkClient.json(Map.of("survivorRef", survivor)))).get("caseId").asText();
    }

    private String refer(String token, String agency, String caseId, String recipient, String service,
                         DirectoryEntry directoryService, String urgency, Map<String, Object> personalData,
                         boolean shareSafetyPlanSummary) throws IOException, InterruptedException {
        Map<String, Object> request = new HashMap<>(Map.of("recipientAgency", recipient, "service", service,
                "directoryServiceId", directoryService.id(), "urgency", urgency));
        if (personalData != null) {
            request.put("personalData", personalData);
        }
        if (shareSafetyPlanSummary) {
            request.put("shareSafetyPlanSummary", true);
        }
        return NetworkClient.expect(202, client.post(agency + "/api/cases/" + caseId + "/referrals", token,
                NetworkClient.json(request))).get("referralId").asText();
    }

    private void act(String agency, String token, String referralId, String action, String reason)
            throws IOException, InterruptedException {
        NetworkClient.expect(200, client.post(agency + "/api/referrals/inbox/" + referralId + "/actions/" + action, token,
                reason == null ? "" : NetworkClient.json(Map.of("reason", reason))));
    }

    private void deliver(String agency, String token, String referralId, DirectoryEntry service, LocalDate on,
                         String outcome) throws IOException, InterruptedException {
        NetworkClient.expect(202, client.post(agency + "/api/referrals/inbox/" + referralId + "/services-delivered", token,
                NetworkClient.json(Map.of("directoryServiceId", service.id(), "deliveredOn", on.toString(),
                        "outcome", outcome))));
    }

    private void awaitInbox(String agency, String token, String referralId, String status)
            throws IOException, InterruptedException {
        client.await(agency + "/api/referrals/inbox/" + referralId, token,
                entry -> status.equals(entry.path("status").asText()), propagation);
    }

    /** Waits until the case shows the referral as {@code until} wants it, and returns the referral. */
    private JsonNode awaitCaseReferral(String agency, String token, String caseId, String referralId,
                                       Predicate<JsonNode> until) throws IOException, InterruptedException {
        JsonNode supportCase = client.await(agency + "/api/cases/" + caseId, token,
                found -> referral(found, referralId) != null && until.test(referral(found, referralId)), propagation);
        return referral(supportCase, referralId);
    }

    private static JsonNode referral(JsonNode supportCase, String referralId) {
        for (JsonNode referral : supportCase.path("referrals")) {
            if (referralId.equals(referral.path("referralId").asText())) {
                return referral;
            }
        }
        return null;
    }

    private static Refusal attempt(String what, NetworkClient.Response response) throws IOException {
        String type = null;
        if (response.body() != null && response.body().startsWith("{")) {
            type = response.json().path("type").asText(null);
        }
        return new Refusal(what, response.status(), type, response.contentType());
    }
}
