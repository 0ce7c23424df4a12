package org.saferwayout.network.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkTopology.Agency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The identity provider's sign-in, as the portals' users meet it in a browser, on a network whose ports are not the
 * defaults: its login page passes axe-core's check, a user is sent back to her own agency's portal on the port
 * that portal really has, and a user of another agency is refused there. Runs the identity provider and the
 * exchange store only; the portals themselves are in {@code PortalBrowserTest}.
 */
class IdentityProviderLoginBrowserTest {

    private static final String PASSWORD = "demo-password";

    private static Network network;

    @BeforeAll
    static void startIdentityProvider() throws Exception {
        network = RunningNetwork.start("idp-browser", 18_000, List.of(), agency -> List.of());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void loginPageHasNoSeriousOrCriticalAccessibilityViolation() throws Exception {
        try (BrowserSession browser = BrowserSession.open()) {
            browser.go(authorizationRequest("cease-portal", Agency.CEASE));
            browser.awaitUrlStartingWith(issuer() + "/login");
            browser.screenshot("identity-provider-login");

            assertThat(browser.seriousAccessibilityViolations()).isEmpty();
        }
    }

    /**
     * The check itself finds what it must: an image without a text alternative (critical), on a page whose
     * Content-Security-Policy forbids every script, as the portals' strict policy forbids inline ones.
     */
    @Test
    void theAccessibilityCheckReportsACriticalViolationEvenUnderAStrictContentSecurityPolicy() throws Exception {
        String page = "<!doctype html><html lang=\"en\"><head><title>Check</title>"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none'\">"
                + "</head><body><main><h1>Check</h1><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"></main></body></html>";
        try (BrowserSession browser = BrowserSession.open()) {
            browser.go("data:text/html;base64," + Base64.getEncoder().encodeToString(page.getBytes(StandardCharsets.UTF_8)));

            assertThat(browser.seriousAccessibilityViolations())
                    .extracting(BrowserSession.AccessibilityViolation::rule, BrowserSession.AccessibilityViolation::impact)
                    .containsExactly(tuple("image-alt", "critical"));
        }
    }

    @Test
    void aUserSignsInAndIsSentBackToHerAgencysPortalOnItsPort() throws Exception {
        try (BrowserSession browser = BrowserSession.open()) {
            browser.go(authorizationRequest("cease-portal", Agency.CEASE));
            browser.signInAtIdentityProvider(issuer(), "cease-intake", PASSWORD);

            String redirect = portalRedirect(Agency.CEASE);
            browser.awaitUrlStartingWith(redirect);
            assertThat(browser.currentUrl()).contains("code=").contains("state=browser-test").doesNotContain("error=");
        }
    }

    @Test
    void aUserOfAnotherAgencyIsRefusedByThePortalsIdentityProvider() throws Exception {
        try (BrowserSession browser = BrowserSession.open()) {
            browser.go(authorizationRequest("alert-portal", Agency.ALERT));
            browser.signInAtIdentityProvider(issuer(), "cease-intake", PASSWORD);

            browser.awaitUrlStartingWith(portalRedirect(Agency.ALERT));
            assertThat(browser.currentUrl()).contains("error=access_denied").doesNotContain("code=");
        }
    }

    private static String issuer() {
        return network.topology().issuer();
    }

    private static String portalRedirect(Agency agency) {
        return network.topology().agencyUrl(agency) + "/login/oauth2/code/swo";
    }

    /** What a portal's oauth2Login sends the browser to: authorization code with PKCE (S256). */
    private static String authorizationRequest(String clientId, Agency agency) throws Exception {
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("verifier-" + System.nanoTime() + "-browser-test-padding-to-43-chars").getBytes(StandardCharsets.US_ASCII));
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        return issuer() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&scope=openid%20profile&state=browser-test"
                + "&redirect_uri=" + java.net.URLEncoder.encode(portalRedirect(agency), StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }
}
