package org.saferwayout.network.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkTopology.Agency;
import org.saferwayout.network.tests.BrowserSession.AccessibilityViolation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed scenario walked through the agencies' portals in headless Chromium, one browser (fresh profile) per
 * person, on one network of real processes shared by the whole class: ALERT's coordinator opens a case, records the
 * survivor's consents for CEASE (written) and Catholic Social Services (verbal, witnessed; no contact details),
 * writes her safety plan and refers her to both through the directory with her personal data; CEASE and CSS accept,
 * record the services delivered and complete; the outcomes reach ALERT's timeline; the consent for CEASE is withdrawn
 * and CEASE's pages lose her data; the case closes; REACH's supervisor opens the network dashboard. Each step is a method, in the story's order, with a screenshot of what the person saw
 * ({@code target/portal-screenshots/NN-step.png}); a step is skipped once an earlier one failed.
 *
 * <p>Every view is checked with axe-core on the way (serious and critical violations fail
 * {@link #everyViewPassesTheAccessibilityCheck()}, which also lists the views that must have been checked), and the
 * agencies' borders are tried in the browser: another agency's user cannot sign in, another agency's case does not
 * open, and personal data shows only while and as far as consent covers it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {

    private static final String PASSWORD = "demo-password";

    /** The accessibility check's findings per view, in the order the views were first met. */
    private static final Map<String, List<AccessibilityViolation>> ACCESSIBILITY = new LinkedHashMap<>();

    @RegisterExtension
    static final StoryGuard STORY = new StoryGuard();

    private static Network network;
    private static final Map<Agency, BrowserSession> BROWSERS = new EnumMap<>(Agency.class);

    /** Her personal data as the coordinator types it: each value distinct, to be looked for on every page. */
    private static final String NAME = "Maya Browserwalk";
    private static final LocalDate DATE_OF_BIRTH = LocalDate.of(1999, 3, 14);
    private static final String CONTACT = "780-555-0199 (text first)";
    private static final String HEALTH = "Asthma; carries an inhaler";
    private static final String SAFETY_PLAN_SUMMARY = "Stays with her sister; check-in call every evening.";
    private static final String SAFETY_PLAN_DETAILS = "Code word with her sister; after-hours number saved under a friend's name.";
    private static final String CEASE_OUTCOME = "Exit plan agreed; first two sessions attended.";
    private static final String CSS_OUTCOME = "Placed in safe lodging; settled in.";
    /** CEASE may receive identity, contact, the safety plan's summary and outcomes; CSS no contact; nobody health. */
    private static final List<String> CEASE_CATEGORIES = List.of("IDENTITY", "CONTACT", "SAFETY_PLAN", "SERVICE_OUTCOME");
    private static final List<String> CSS_CATEGORIES = List.of("IDENTITY", "SAFETY_PLAN", "SERVICE_OUTCOME");

    /** What the story has created so far, as the pages showed it. */
    private static String alertCaseId;
    private static String survivorRef;
    private static String ceaseConsentId;
    private static String toCease;
    private static String toCss;

    @BeforeAll
    static void startNetwork() throws Exception {
        network = RunningNetwork.start("portal-browser", 18_000, List.of(Agency.values()), agency -> List.of());
    }

    @AfterAll
    static void stopNetwork() throws InterruptedException {
        BROWSERS.values().forEach(BrowserSession::close);
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(10)
    void coordinatorSignsInToAlertsPortalAndOpensACase() throws Exception {
        continuesTheStory();
        BrowserSession coordinator = signIn(Agency.ALERT, "alert-coordinator");
        coordinator.awaitVisible(By.id("caseload"));
        checkAccessibility(coordinator, "caseload");
        coordinator.screenshot("alert-caseload");

        coordinator.submit("open-case");
        WebElement casePage = coordinator.awaitVisible(By.cssSelector("main[data-case-id]"));
        alertCaseId = casePage.getAttribute("data-case-id");
        survivorRef = coordinator.text("case-survivor-ref");
        checkAccessibility(coordinator, "case page");
        coordinator.screenshot("alert-case-opened");
        assertThat(coordinator.text("case-status")).isEqualTo("open");
        assertThat(survivorRef).isNotBlank();

        coordinator.click("nav-caseload");
        assertThat(coordinator.awaitAfterReloading(By.id("case-link-" + alertCaseId)).getText())
                .isEqualTo("Case " + alertCaseId.substring(0, 8));
    }

    @Test
    @Order(20)
    void coordinatorRecordsTheSurvivorsWrittenConsentForCease() {
        continuesTheStory();
        BrowserSession coordinator = openAlertCase();
        coordinator.click("record-consent");
        coordinator.awaitVisible(By.id("consent-form"));
        checkAccessibility(coordinator, "consent form");
        coordinator.tick("granteeAgency-cease");
        for (String category : CEASE_CATEGORIES) {
            coordinator.tick("category-" + category);
        }
        coordinator.tick("purpose-EXIT_SUPPORT");
        coordinator.tick("purpose-EMOTIONAL_SUPPORT");
        coordinator.tick("method-WRITTEN");
        // the survivor chooses a shorter term than the usual one
        coordinator.setDate("validUntil", LocalDate.now().plusDays(60));
        coordinator.screenshot("alert-consent-for-cease");
        coordinator.submit("record-consent");

        ceaseConsentId = consentRecorded("CEASE");
    }

    @Test
    @Order(21)
    void coordinatorRecordsAVerbalConsentWithWitnessForCatholicSocialServices() {
        continuesTheStory();
        BrowserSession coordinator = openAlertCase();
        coordinator.click("record-consent");
        coordinator.awaitVisible(By.id("consent-form"));
        coordinator.tick("granteeAgency-catholic-social-services");
        for (String category : CSS_CATEGORIES) {
            coordinator.tick("category-" + category);
        }
        coordinator.tick("purpose-SAFE_HOUSING");
        coordinator.tick("method-VERBAL_WITH_WITNESS");
        coordinator.type("witness", "alert-intake");
        coordinator.select("language", "French");
        // the usual term, as the form fills it in
        coordinator.screenshot("alert-consent-for-css");
        coordinator.submit("record-consent");

        String cssConsent = consentRecorded("Catholic Social Services");
        coordinator.click("consent-link-" + cssConsent);
        coordinator.awaitVisible(By.id("consent-statement"));
        checkAccessibility(coordinator, "consent");
        coordinator.screenshot("alert-consent-for-css-recorded");
        // the consent states in plain words what is shared, with whom and for what (and nothing it does not cover)
        assertThat(coordinator.text("consent-statement"))
                .contains("Catholic Social Services", "name and date of birth", "a summary of the safety plan",
                        "safe housing")
                .doesNotContain("how to contact them", "health information");
        assertThat(coordinator.text("consent-state")).isEqualTo("given");
        assertThat(coordinator.pageText()).contains("verbal with witness", "fr");
    }

    @Test
    @Order(30)
    void coordinatorWritesTheSafetyPlan() {
        continuesTheStory();
        BrowserSession coordinator = openAlertCase();
        coordinator.click("safety-plan-link");
        coordinator.awaitVisible(By.id("safety-plan-form"));
        checkAccessibility(coordinator, "safety-plan editor");
        coordinator.type("summary", SAFETY_PLAN_SUMMARY);
        coordinator.type("details", SAFETY_PLAN_DETAILS);
        coordinator.submit("record-safety-plan");

        coordinator.awaitAfterReloading(By.cssSelector("#safety-plan-versions tr[data-version='1']"));
        coordinator.screenshot("alert-safety-plan");
        assertThat(coordinator.text("safety-plan-versions")).contains(SAFETY_PLAN_SUMMARY);
    }

    @Test
    @Order(40)
    void coordinatorFindsCeasesExitSupportInTheDirectoryAndRefersHerWithPersonalData() {
        continuesTheStory();
        BrowserSession coordinator = openAlertCase();
        toCease = referThroughTheDirectory(coordinator, "CEASE", "exit support", "urgent");
    }

    @Test
    @Order(41)
    void coordinatorRefersHerToCatholicSocialServicesForSafeLodging() {
        continuesTheStory();
        BrowserSession coordinator = openAlertCase();
        toCss = referThroughTheDirectory(coordinator, "Catholic Social Services", "safe lodging", "immediate");

        coordinator.click("nav-outbox");
        coordinator.awaitVisible(By.id("referral-outbox"));
        coordinator.awaitAfterReloading(By.cssSelector("#referral-outbox tr[data-referral-id='" + toCss + "']"));
        checkAccessibility(coordinator, "referral outbox");
        coordinator.screenshot("alert-outbox");
        assertThat(coordinator.driver().findElements(By.cssSelector("#referral-outbox tr[data-referral-id='" + toCease + "']")))
                .hasSize(1);
        // lists show no personal data
        assertThat(coordinator.pageText()).doesNotContain(NAME, CONTACT, HEALTH);
    }

    @Test
    @Order(50)
    void ceaseAcceptsTheReferralAndSeesWhatTheConsentCoversOnly() throws Exception {
        continuesTheStory();
        BrowserSession ceaseIntake = signIn(Agency.CEASE, "cease-intake");
        openReceivedReferral(ceaseIntake, Agency.CEASE, toCease);
        checkAccessibility(ceaseIntake, "received referral");
        ceaseIntake.screenshot("cease-referral-received");
        // identity and contact under CEASE's consent; health, which no consent covers, never
        assertThat(ceaseIntake.text("personal-data")).contains(NAME, CONTACT).doesNotContain(HEALTH);
        assertThat(ceaseIntake.pageText()).contains(survivorRef).doesNotContain(HEALTH);

        act(ceaseIntake, "RECEIVE", "received");
        act(ceaseIntake, "ACCEPT", "accepted");
        act(ceaseIntake, "START", "in progress");
        ceaseIntake.screenshot("cease-referral-accepted");
    }

    @Test
    @Order(55)
    void ceaseCannotOpenOrActOnAReferralAddressedToCatholicSocialServices() {
        continuesTheStory();
        BrowserSession ceaseIntake = BROWSERS.get(Agency.CEASE);
        ceaseIntake.go(portal(Agency.CEASE) + "/referrals/inbox/" + toCss);
        ceaseIntake.awaitVisible(By.id("problem-message"));
        ceaseIntake.screenshot("cease-cannot-open-css-referral");
        assertThat(ceaseIntake.pageText()).doesNotContain(NAME, SAFETY_PLAN_SUMMARY);

        // a forged form, with CEASE's own session and CSRF token, posting CSS's referral's acceptance to CEASE's portal
        ceaseIntake.go(portal(Agency.CEASE) + "/cases");
        ceaseIntake.script("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                const csrf = document.querySelector('#sign-out-form input[name=_csrf]').cloneNode();
                form.appendChild(csrf);
                document.body.appendChild(form);
                form.submit();
                """, portal(Agency.CEASE) + "/referrals/inbox/" + toCss + "/actions/ACCEPT");
        ceaseIntake.awaitVisible(By.id("problem-message"));
        ceaseIntake.screenshot("cease-cannot-act-on-css-referral");
    }

    @Test
    @Order(60)
    void ceaseRecordsTheExitSupportDeliveredAndCompletes() {
        continuesTheStory();
        BrowserSession ceaseIntake = BROWSERS.get(Agency.CEASE);
        openReceivedReferral(ceaseIntake, Agency.CEASE, toCease);
        recordService(ceaseIntake, "Exit", CEASE_OUTCOME);
        ceaseIntake.select("reason-COMPLETE", "goals met");
        act(ceaseIntake, "COMPLETE", "completed");
        ceaseIntake.screenshot("cease-referral-completed");
    }

    @Test
    @Order(70)
    void catholicSocialServicesSeesNeitherContactNorHealthAndDeliversSafeLodging() throws Exception {
        continuesTheStory();
        BrowserSession cssIntake = signIn(Agency.CATHOLIC_SOCIAL_SERVICES, "css-intake");
        openReceivedReferral(cssIntake, Agency.CATHOLIC_SOCIAL_SERVICES, toCss);
        cssIntake.screenshot("css-referral-received");
        // CSS's consent covers identity and the safety plan's summary: contact and health are withheld
        assertThat(cssIntake.text("personal-data")).contains(NAME, SAFETY_PLAN_SUMMARY);
        assertThat(cssIntake.pageText()).doesNotContain(CONTACT, HEALTH, SAFETY_PLAN_DETAILS);
        // ... and CEASE's forged acceptance changed nothing here
        assertThat(cssIntake.text("referral-status")).isEqualTo("requested");

        act(cssIntake, "ACCEPT", "accepted");
        act(cssIntake, "START", "in progress");
        recordService(cssIntake, "lodging", CSS_OUTCOME);
        cssIntake.select("reason-COMPLETE", "goals partially met");
        act(cssIntake, "COMPLETE", "completed");
        cssIntake.screenshot("css-referral-completed");
        assertThat(cssIntake.pageText()).doesNotContain(CONTACT, HEALTH);
    }

    @Test
    @Order(80)
    void alertsCaseTimelineShowsBothServicesDelivered() {
        continuesTheStory();
        BrowserSession coordinator = openAlertCase();
        coordinator.await().withMessage("the outcomes of CEASE and CSS on ALERT's case timeline")
                .pollingEvery(java.time.Duration.ofSeconds(1))
                .until(driver -> {
                    driver.navigate().refresh();
                    String timeline = driver.findElement(By.id("timeline")).getText();
                    return timeline.contains(CEASE_OUTCOME) && timeline.contains(CSS_OUTCOME);
                });
        checkAccessibility(coordinator, "case page");
        coordinator.screenshot("alert-case-timeline");
        assertThat(referralStatus(coordinator, toCease)).contains("completed");
        assertThat(referralStatus(coordinator, toCss)).contains("completed");
    }

    @Test
    @Order(90)
    void coordinatorWithdrawsTheConsentForCeaseAtTheSurvivorsRequest() {
        continuesTheStory();
        BrowserSession coordinator = openAlertCase();
        coordinator.click("consent-link-" + ceaseConsentId);
        coordinator.submit("withdraw-consent");

        coordinator.await().withMessage("the consent for CEASE withdrawn")
                .until(driver -> driver.findElement(By.id("consent-state")).getText().equals("withdrawn"));
        coordinator.screenshot("alert-consent-withdrawn");
        assertThat(coordinator.driver().findElements(By.id("withdraw-consent"))).isEmpty();
    }

    @Test
    @Order(100)
    void afterTheWithdrawalCeasesPagesNoLongerShowHerPersonalData() {
        continuesTheStory();
        BrowserSession ceaseIntake = BROWSERS.get(Agency.CEASE);
        openReceivedReferral(ceaseIntake, Agency.CEASE, toCease);
        ceaseIntake.awaitAfterReloading(By.id("no-personal-data"));
        ceaseIntake.screenshot("cease-after-withdrawal");
        assertThat(ceaseIntake.pageText()).contains(survivorRef).doesNotContain(NAME, CONTACT, HEALTH, SAFETY_PLAN_SUMMARY);
        assertThat(ceaseIntake.text("referral-status")).startsWith("completed");

        ceaseIntake.click("nav-inbox");
        ceaseIntake.awaitVisible(By.id("referral-inbox"));
        checkAccessibility(ceaseIntake, "referral inbox");
        assertThat(ceaseIntake.pageText()).doesNotContain(NAME, CONTACT, HEALTH);
    }

    @Test
    @Order(110)
    void coordinatorClosesTheCaseWithItsGoalsMet() {
        continuesTheStory();
        BrowserSession coordinator = openAlertCase();
        coordinator.select("closureReason", "goals met");
        coordinator.submit("close-case");

        coordinator.await().withMessage("ALERT's case closed")
                .until(driver -> {
                    driver.navigate().refresh();
                    return driver.findElement(By.id("case-status")).getText().equals("closed");
                });
        coordinator.screenshot("alert-case-closed");
        assertThat(coordinator.driver().findElements(By.id("reopen-case"))).hasSize(1);
    }

    @Test
    @Order(120)
    void reachsSupervisorSeesTheNetworkDashboardWithItsChart() throws Exception {
        continuesTheStory();
        BrowserSession supervisor = signIn(Agency.REACH, "reach-supervisor");
        supervisor.click("nav-dashboard");
        WebElement chart = supervisor.awaitVisible(By.id("outcome-chart"));
        checkAccessibility(supervisor, "REACH dashboard");
        supervisor.screenshot("reach-dashboard");
        assertThat(chart.getAttribute("role")).isEqualTo("img");
        assertThat(supervisor.driver().findElements(By.id("outcome-report"))).hasSize(1);
        assertThat(supervisor.pageText()).doesNotContain(NAME, survivorRef);
    }

    @Test
    @Order(900)
    void aUserOfAnotherAgencyCannotSignInToAlertsPortal() throws Exception {
        try (BrowserSession ceaseIntake = BrowserSession.open()) {
            ceaseIntake.go(portal(Agency.ALERT));
            ceaseIntake.signInAtIdentityProvider(network.topology().issuer(), "cease-intake", PASSWORD);

            ceaseIntake.awaitUrlStartingWith(portal(Agency.ALERT) + "/sign-in-failed");
            checkAccessibility(ceaseIntake, "sign-in failed");
            ceaseIntake.screenshot("cease-refused-at-alert-portal");
            assertThat(ceaseIntake.driver().findElements(By.id("caseload"))).isEmpty();
            // her session is not let in by a second try either: the provider remembers her, and refuses again
            ceaseIntake.go(portal(Agency.ALERT) + "/cases");
            ceaseIntake.awaitUrlStartingWith(portal(Agency.ALERT) + "/sign-in-failed");
        }
    }

    @Test
    @Order(910)
    void ceasesSessionCannotOpenAlertsCase() {
        continuesTheStory();
        BrowserSession ceaseIntake = BROWSERS.get(Agency.CEASE);
        // on ALERT's portal: CEASE's staff cannot get a session there at all
        ceaseIntake.go(portal(Agency.ALERT) + "/cases/" + alertCaseId);
        ceaseIntake.awaitUrlStartingWith(portal(Agency.ALERT) + "/sign-in-failed");
        assertThat(ceaseIntake.driver().findElements(By.id("case-survivor-ref"))).isEmpty();
        // on CEASE's own portal, ALERT's case id opens nothing
        ceaseIntake.go(portal(Agency.CEASE) + "/cases/" + alertCaseId);
        ceaseIntake.awaitVisible(By.id("problem-message"));
        checkAccessibility(ceaseIntake, "problem");
        ceaseIntake.screenshot("cease-cannot-open-alert-case");
        assertThat(ceaseIntake.driver().findElements(By.id("case-survivor-ref"))).isEmpty();
        assertThat(ceaseIntake.pageText()).doesNotContain(survivorRef);
    }

    @Test
    @Order(990)
    void signingOutEndsTheSessionHereAndAtTheIdentityProvider() {
        continuesTheStory();
        BrowserSession coordinator = BROWSERS.get(Agency.ALERT);
        coordinator.go(portal(Agency.ALERT) + "/cases");
        coordinator.submit("sign-out");

        coordinator.awaitUrlStartingWith(portal(Agency.ALERT) + "/signed-out");
        checkAccessibility(coordinator, "signed out");
        coordinator.screenshot("alert-signed-out");
        coordinator.go(portal(Agency.ALERT) + "/cases");
        coordinator.awaitUrlStartingWith(network.topology().issuer() + "/login");
    }

    @Test
    @Order(1000)
    void everyViewPassesTheAccessibilityCheck() {
        assertThat(ACCESSIBILITY.keySet()).as("views checked").containsExactlyInAnyOrder(
                "identity provider sign-in", "caseload", "case page", "consent form", "consent", "safety-plan editor",
                "directory search", "referral outbox", "received referral", "referral inbox", "REACH dashboard",
                "problem", "sign-in failed", "signed out");
        Map<String, List<AccessibilityViolation>> failing = new LinkedHashMap<>();
        ACCESSIBILITY.forEach((view, violations) -> {
            if (!violations.isEmpty()) {
                failing.put(view, violations);
            }
        });
        assertThat(failing).as("serious or critical accessibility violations per view").isEmpty();
    }

    private static BrowserSession openAlertCase() {
        BrowserSession coordinator = BROWSERS.get(Agency.ALERT);
        coordinator.go(portal(Agency.ALERT) + "/cases/" + alertCaseId);
        coordinator.awaitVisible(By.id("case-summary"));
        return coordinator;
    }

    /** Back on the case page, the consent's row for that agency: its id. */
    private static String consentRecorded(String agencyName) {
        WebElement row = rowOnAlertsCase("case-consents", "data-consent-id", agencyName);
        assertThat(row.getText()).contains("given");
        return row.getAttribute("data-consent-id");
    }

    /**
     * Searches the directory from ALERT's case for the agency's service, chooses it, fills in the referral with her
     * personal data and sends it; returns the referral's id as the case page lists it.
     */
    private static String referThroughTheDirectory(BrowserSession coordinator, String agencyName, String service,
                                                   String urgency) {
        coordinator.click("find-service");
        coordinator.awaitVisible(By.id("directory-search"));
        coordinator.select("search-agency", agencyName);
        coordinator.select("search-service", service);
        coordinator.submit("search-directory");
        WebElement choice = coordinator.awaitVisible(By.cssSelector("#directory-results a[id^='choose-']"));
        checkAccessibility(coordinator, "directory search");
        coordinator.screenshot("alert-directory-" + service.replace(' ', '-'));
        choice.click();

        coordinator.awaitVisible(By.id("refer-form"));
        assertThat(coordinator.selected("recipientAgency")).isEqualTo(agencyName);
        assertThat(coordinator.selected("service")).isEqualTo(service);
        coordinator.select("urgency", urgency);
        coordinator.type("name", NAME);
        coordinator.setDate("dateOfBirth", DATE_OF_BIRTH);
        coordinator.type("contact", CONTACT);
        coordinator.type("health", HEALTH);
        coordinator.tick("shareSafetyPlanSummary");
        coordinator.screenshot("alert-refer-" + service.replace(' ', '-'));
        coordinator.submit("refer");

        WebElement row = rowOnAlertsCase("case-referrals", "data-referral-id", agencyName);
        coordinator.screenshot("alert-referred-" + service.replace(' ', '-'));
        // the case page never shows what was sent
        assertThat(coordinator.pageText()).doesNotContain(CONTACT, HEALTH);
        return row.getAttribute("data-referral-id");
    }

    /** The row of a table on ALERT's case page that names the agency, once the case page shows it. */
    private static WebElement rowOnAlertsCase(String table, String idAttribute, String agencyName) {
        BrowserSession coordinator = openAlertCase();
        return coordinator.await().withMessage(table + " on ALERT's case naming " + agencyName)
                .pollingEvery(java.time.Duration.ofSeconds(1))
                .until(driver -> {
                    for (WebElement row : driver.findElements(By.cssSelector("#" + table + " tr[" + idAttribute + "]"))) {
                        if (row.findElement(By.tagName("th")).getText().equals(agencyName)) {
                            return row;
                        }
                    }
                    driver.navigate().refresh();
                    return null;
                });
    }

    private static String referralStatus(BrowserSession coordinator, String referralId) {
        return coordinator.driver().findElement(By.cssSelector("#case-referrals tr[data-referral-id='" + referralId + "']"))
                .getText();
    }

    /** Opens the referral from the agency's inbox, once the exchange has brought it there. */
    private static void openReceivedReferral(BrowserSession staff, Agency agency, String referralId) {
        staff.go(portal(agency) + "/referrals/inbox");
        staff.awaitAfterReloading(By.id("inbox-link-" + referralId)).click();
        staff.awaitVisible(By.id("referral-summary"));
    }

    /** Clicks an action on the received referral and waits for the status it leads to. */
    private static void act(BrowserSession staff, String action, String status) {
        staff.submit("action-" + action);
        staff.await().withMessage("the referral " + status + " after " + action)
                .until(driver -> driver.findElement(By.id("referral-status")).getText().equals(status));
    }

    /** Records the agency's own service (the one whose name has these words) delivered yesterday. */
    private static void recordService(BrowserSession staff, String serviceWords, String outcome) {
        WebElement services = staff.awaitVisible(By.id("directoryServiceId"));
        String service = services.findElements(By.tagName("option")).stream()
                .map(WebElement::getText).filter(text -> text.contains(serviceWords)).findFirst()
                .orElseThrow(() -> new AssertionError("no own service named like " + serviceWords));
        staff.select("directoryServiceId", service);
        staff.setDate("deliveredOn", LocalDate.now().minusDays(1));
        staff.type("outcome", outcome);
        staff.submit("record-service");
        staff.await().withMessage("the service recorded on the referral's timeline")
                .pollingEvery(java.time.Duration.ofSeconds(1))
                .until(driver -> {
                    // the received referral's timeline says "Delivered <service>" once the service is recorded
                    if (driver.findElement(By.id("timeline")).getText().contains("Delivered ")) {
                        return true;
                    }
                    driver.navigate().refresh();
                    return false;
                });
    }

    /** A step of the story builds on every step before it: after one failed, the rest is skipped. */
    private static void continuesTheStory() {
        assumeTrue(STORY.failedStep == null, () -> "the story broke at " + STORY.failedStep);
    }

    /** Opens the agency's portal in this person's own browser and signs in through the identity provider. */
    private static BrowserSession signIn(Agency agency, String username) throws Exception {
        BrowserSession browser = BrowserSession.open();
        BROWSERS.put(agency, browser);
        browser.go(portal(agency));
        browser.awaitUrlStartingWith(network.topology().issuer() + "/login");
        checkAccessibility(browser, "identity provider sign-in");
        browser.signInAtIdentityProvider(network.topology().issuer(), username, PASSWORD);
        browser.awaitUrlStartingWith(portal(agency));
        return browser;
    }

    /** Runs axe-core on the page shown and keeps its serious and critical findings under the view's name. */
    private static void checkAccessibility(BrowserSession browser, String view) {
        List<AccessibilityViolation> violations = browser.seriousAccessibilityViolations();
        ACCESSIBILITY.computeIfAbsent(view, v -> new ArrayList<>()).addAll(violations);
    }

    private static String portal(Agency agency) {
        return network.topology().agencyUrl(agency) + "/portal";
    }

    /** Remembers the first test that failed, so the story's steps after it are skipped. */
    static final class StoryGuard implements TestWatcher {
        volatile String failedStep;

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (failedStep == null) {
                failedStep = context.getDisplayName();
            }
            // what each person saw when it failed, and the page's own error messages (never personal data)
            BROWSERS.forEach((agency, browser) -> {
                browser.screenshot("failed-" + agency.code);
                System.out.println("At the failure, " + agency.code + "'s browser showed " + browser.pageDiagnosis());
            });
        }
    }
}
