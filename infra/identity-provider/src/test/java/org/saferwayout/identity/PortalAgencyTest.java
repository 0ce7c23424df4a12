package org.saferwayout.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saferwayout.identity.IdpClient.form;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.identity.server.PortalAgencyPolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.util.UriComponentsBuilder;

/** Agency portals only let their own agency's users sign in (authorization code + PKCE flow). */
@IdentityProviderTest
class PortalAgencyTest {

    private static final String ALERT_REDIRECT = "http://127.0.0.1:8081/login/oauth2/code/swo";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    PortalAgencyPolicy policy;

    IdpClient browser;

    @BeforeEach
    void setUp() {
        browser = new IdpClient(port);
    }

    @Test
    void policyPermitsOnlyTheSameAgency() {
        assertThat(policy.permits("alert-portal", "alert-intake")).isTrue();
        assertThat(policy.permits("alert-portal", "alert-coordinator")).isTrue();
        assertThat(policy.permits("alert-portal", "cease-intake")).isFalse();
        assertThat(policy.permits("css-portal", "css-supervisor")).isTrue();
        assertThat(policy.permits("css-portal", "reach-supervisor")).isFalse();
        assertThat(policy.permits("alert-portal", "unknown-user")).isFalse();
        assertThat(policy.permits("swo-cli", "cease-intake")).isTrue();
    }

    @Test
    void alertUserSignsInToAlertPortalAndGetsAgencyClaims() throws Exception {
        String verifier = codeVerifier();
        String redirect = authorize("alert-intake", verifier);
        var params = UriComponentsBuilder.fromUriString(redirect).build().getQueryParams();
        assertThat(redirect).startsWith(ALERT_REDIRECT);
        assertThat(params.getFirst("state")).isEqualTo("state-123");
        String code = params.getFirst("code");
        assertThat(code).isNotBlank();

        IdpClient.Response token = browser.token("alert-portal", "alert-portal-secret", form(
                "grant_type", "authorization_code",
                "code", urlDecode(code),
                "redirect_uri", ALERT_REDIRECT,
                "code_verifier", verifier));

        assertThat(token.status()).as(token.body()).isEqualTo(200);
        Jwt access = browser.decode((String) token.json().get("access_token"), IdentityProviderTest.ISSUER);
        assertThat(access.getSubject()).isEqualTo("alert-intake");
        assertThat(access.getClaimAsString("agency")).isEqualTo("alert");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("INTAKE_WORKER");
        assertThat(access.getClaimAsString("preferred_username")).isEqualTo("alert-intake");
        Jwt id = browser.decode((String) token.json().get("id_token"), IdentityProviderTest.ISSUER);
        assertThat(id.getClaimAsString("agency")).isEqualTo("alert");
        assertThat(id.getClaimAsStringList("roles")).containsExactly("INTAKE_WORKER");
    }

    @Test
    void alertPortalRefusesCeaseUser() throws Exception {
        String redirect = authorize("cease-intake", codeVerifier());
        var params = UriComponentsBuilder.fromUriString(redirect).build().getQueryParams();

        assertThat(redirect).startsWith(ALERT_REDIRECT);
        assertThat(params.getFirst("error")).isEqualTo("access_denied");
        assertThat(params.containsKey("code")).isFalse();
    }

    /** Runs the browser part of the flow and returns where the IdP finally redirects to. */
    private String authorize(String username, String verifier) throws Exception {
        String authorizeUrl = UriComponentsBuilder.fromPath("/oauth2/authorize")
                .queryParam("response_type", "code")
                .queryParam("client_id", "alert-portal")
                .queryParam("scope", "openid profile")
                .queryParam("state", "state-123")
                .queryParam("redirect_uri", ALERT_REDIRECT)
                .queryParam("code_challenge", challenge(verifier))
                .queryParam("code_challenge_method", "S256")
                .encode().build().toUriString();

        IdpClient.Response toLogin = browser.browse(authorizeUrl);
        assertThat(toLogin.status()).isEqualTo(302);
        assertThat(toLogin.location()).endsWith("/login");

        IdpClient.Response loginPage = browser.browse(toLogin.location());
        Matcher csrf = CSRF.matcher(loginPage.body());
        assertThat(csrf.find()).as("csrf token on login page").isTrue();

        IdpClient.Response loggedIn = browser.postForm("/login",
                form("username", username, "password", "demo-password", "_csrf", csrf.group(1)));
        assertThat(loggedIn.status()).isEqualTo(302);
        assertThat(loggedIn.location()).contains("/oauth2/authorize");

        IdpClient.Response result = browser.browse(loggedIn.location());
        assertThat(result.status()).isEqualTo(302);
        return result.location();
    }

    private static String urlDecode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String codeVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
