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

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed scenario walked through the agencies' portals in headless Chromium, one browser (fresh profile) per
 * person, on one network of real processes shared by the whole class: ALERT's coordinator opens a case and records
 * consent, ... . Each step is a method, in the story's order, with a screenshot of what the person saw
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

    /** What the story has created so far, as the pages showed it. */
    private static String alertCaseId;

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

        coordinator.driver().findElement(By.id("open-case")).click();
        coordinator.awaitUrlStartingWith(portal(Agency.ALERT) + "/cases/");
        alertCaseId = BrowserSession.pathOf(coordinator.currentUrl()).substring((portal(Agency.ALERT) + "/cases/").length());

        coordinator.go(portal(Agency.ALERT) + "/cases");
        WebElement caseLink = coordinator.awaitAfterReloading(By.id("case-link-" + alertCaseId));
        coordinator.screenshot("alert-case-opened");
        assertThat(caseLink.getText()).isEqualTo("Case " + alertCaseId.substring(0, 8));
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
    @Order(990)
    void signingOutEndsTheSessionHereAndAtTheIdentityProvider() {
        continuesTheStory();
        BrowserSession coordinator = BROWSERS.get(Agency.ALERT);
        coordinator.go(portal(Agency.ALERT) + "/cases");
        coordinator.awaitVisible(By.id("sign-out")).click();

        coordinator.awaitUrlStartingWith(portal(Agency.ALERT) + "/signed-out");
        checkAccessibility(coordinator, "signed out");
        coordinator.screenshot("alert-signed-out");
        coordinator.go(portal(Agency.ALERT) + "/cases");
        coordinator.awaitUrlStartingWith(network.topology().issuer() + "/login");
    }

    @Test
    @Order(1000)
    void everyViewPassesTheAccessibilityCheck() {
        assertThat(ACCESSIBILITY.keySet()).contains("identity provider sign-in", "caseload", "sign-in failed",
                "signed out");
        Map<String, List<AccessibilityViolation>> failing = new LinkedHashMap<>();
        ACCESSIBILITY.forEach((view, violations) -> {
            if (!violations.isEmpty()) {
                failing.put(view, violations);
            }
        });
        assertThat(failing).as("serious or critical accessibility violations per view").isEmpty();
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
        }
    }
}
