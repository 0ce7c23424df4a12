package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.openqa.selenium.WebDriverException;
import org.saferwayout.network.NetworkTopology.Agency;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The identity provider's sign-in, as the portals' users meet it in a browser, on a network whose ports are not the
 * defaults: its login page passes axe-core's check, a user is sent back to her own agency's portal on the port
 * that portal really has, a user of another agency is refused there, and signing out ends the provider's session.
 * Runs the identity provider and the exchange store only; the portals themselves are in {@code PortalBrowserTest}.
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

    /**
     * Signing out of a portal ends the identity provider's session too (OIDC RP-initiated logout): the browser is
     * sent back to that portal's signed-out page on its real port, and the next sign-in asks for the password again
     * instead of silently signing the last person back in.
     */
    @Test
    void signingOutEndsTheIdentityProviderSessionAndReturnsToThePortalsSignedOutPage() throws Exception {
        try (BrowserSession browser = BrowserSession.open()) {
            String verifier = codeVerifier();
            browser.go(authorizationRequest("cease-portal", Agency.CEASE, verifier));
            browser.signInAtIdentityProvider(issuer(), "cease-intake", PASSWORD);
            browser.awaitUrlStartingWith(portalRedirect(Agency.CEASE));
            String idToken = idToken("cease-portal", Agency.CEASE, queryParameter(browser.currentUrl(), "code"), verifier);

            String signedOut = network.topology().agencyUrl(Agency.CEASE) + "/portal/signed-out";
            try {
                browser.go(issuer() + "/connect/logout?client_id=cease-portal&id_token_hint=" + idToken
                        + "&post_logout_redirect_uri=" + encode(signedOut));
            } catch (WebDriverException noPortalHere) {
                // only the identity provider runs in this test: the signed-out page's port has nobody listening
                assertThat(noPortalHere.getMessage()).contains("ERR_CONNECTION_REFUSED");
            }
            browser.awaitUrlStartingWith(signedOut);

            browser.go(authorizationRequest("cease-portal", Agency.CEASE));
            browser.awaitUrlStartingWith(issuer() + "/login");
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
        return authorizationRequest(clientId, agency, codeVerifier());
    }

    private static String authorizationRequest(String clientId, Agency agency, String verifier) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        return issuer() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&scope=openid%20profile&state=browser-test"
                + "&redirect_uri=" + encode(portalRedirect(agency))
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    private static String codeVerifier() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The portal's side of the code flow: the code for tokens, of which it keeps the ID token. */
    private static String idToken(String clientId, Agency agency, String code, String verifier) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(issuer() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + encode(code)
                        + "&redirect_uri=" + encode(portalRedirect(agency)) + "&code_verifier=" + verifier))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).get("id_token").asText();
    }

    private static String queryParameter(String url, String name) {
        String value = UriComponentsBuilder.fromUriString(url).build().getQueryParams().getFirst(name);
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
