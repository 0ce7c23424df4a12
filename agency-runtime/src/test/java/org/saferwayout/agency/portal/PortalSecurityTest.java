package org.saferwayout.agency.portal;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseView;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.PortalUsers;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;
import org.springframework.boot.web.servlet.server.Session;
import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The portal's gate (ADR 015): OIDC sign-in with PKCE at the identity provider (which need not be running),
 * this agency's staff only, CSRF on every form, strict headers on every response, a 15-minute session and a
 * logout that ends it.
 */
@AgencyRuntimeTest
class PortalSecurityTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private SupportCaseQueries cases;
    @Autowired
    private AbstractServletWebServerFactory webServerFactory;

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    @Test
    void theCaseloadRendersForThisAgencysStaffWithOneHeadingLandmarksAndASkipLink() throws Exception {
        MockHttpServletResponse page = perform(get("/portal/cases").with(PortalUsers.of("alert", "INTAKE_WORKER")));

        assertThat(page.getStatus()).isEqualTo(200);
        String html = page.getContentAsString();
        assertThat(html).contains("<html lang=\"en\">", "<h1>My caseload</h1>", "href=\"#main\"",
                "<main id=\"main\"", "<nav class=\"site-nav\" aria-label=\"Portal\">", "<header",
                "<caption>Cases at ALERT: open cases first, newest first</caption>", "id=\"open-case-form\"", "id=\"sign-out\"");
        assertThat(Pattern.compile("<h1[ >]").matcher(html).results().count()).isEqualTo(1);
    }

    @Test
    void aUserOfAnotherAgencyIsRefusedEveryPortalPage() throws Exception {
        for (String path : List.of("/portal", "/portal/cases", "/portal/cases/" + java.util.UUID.randomUUID())) {
            MockHttpServletResponse page = perform(get(path).with(PortalUsers.of("cease", "INTAKE_WORKER")));
            assertThat(page.getStatus()).as(path).isEqualTo(403);
            assertThat(page.getForwardedUrl()).as(path).isEqualTo("/portal/denied");
            assertThat(page.getContentAsString()).as(path).doesNotContain("id=\"caseload\"");
        }
    }

    @Test
    void theRefusalPageSaysWhyAndOffersNoneOfThisAgencysNavigation() throws Exception {
        // As the servlet container renders it: forwarded to after the refusal.
        MockHttpServletResponse page = perform(get("/portal/denied").with(PortalUsers.of("cease", "INTAKE_WORKER"))
                .with(request -> {
                    request.setDispatcherType(DispatcherType.FORWARD);
                    return request;
                }));

        assertThat(page.getStatus()).isEqualTo(403);
        assertThat(page.getContentAsString()).contains("<h1>Not permitted</h1>", "<html lang=\"en\">")
                .doesNotContain("id=\"nav-caseload\"").doesNotContain("id=\"sign-out\"");
    }

    @Test
    void aRoleTheApiWouldRefuseIsRefusedHereToo() throws Exception {
        MockHttpServletResponse page = perform(get("/portal/cases").with(PortalUsers.of("alert", "AUDITOR")));

        assertThat(page.getStatus()).isEqualTo(403);
        assertThat(page.getContentAsString()).contains("<h1>Not permitted</h1>").doesNotContain("id=\"caseload\"");
    }

    @Test
    void anAnonymousVisitorIsSentToSignInAtTheIdentityProvider() throws Exception {
        MockHttpServletResponse page = perform(get("/portal/cases"));

        assertThat(page.getStatus()).isEqualTo(302);
        assertThat(page.getRedirectedUrl()).endsWith("/oauth2/authorization/swo");
    }

    @Test
    void signInIsAnAuthorizationCodeRequestWithPkceForThisAgencysPortalClientAtTheConfiguredIssuer() throws Exception {
        // The provider is not running in this test: the endpoints come from the issuer, nothing is discovered.
        MockHttpServletResponse redirect = perform(get("/oauth2/authorization/swo"));

        assertThat(redirect.getStatus()).isEqualTo(302);
        URI authorize = URI.create(redirect.getRedirectedUrl());
        assertThat(authorize.getScheme() + "://" + authorize.getAuthority() + authorize.getPath())
                .isEqualTo("http://127.0.0.1:9000/oauth2/authorize");
        assertThat(authorize.getQuery()).contains("response_type=code", "client_id=alert-portal",
                "code_challenge_method=S256", "code_challenge=", "scope=openid profile",
                "redirect_uri=http://localhost/login/oauth2/code/swo", "state=", "nonce=");
    }

    @Test
    void aFormPostedAfterTheSessionExpiredGoesToSignInAndChangesNothing() throws Exception {
        String survivor = SurvivorRef.issue().value();
        MockHttpServletResponse expired = perform(post("/portal/cases").param("survivorRef", survivor)
                .with(request -> {
                    request.setRequestedSessionId("expired-session");
                    request.setRequestedSessionIdValid(false);
                    return request;
                }));
        assertThat(expired.getStatus()).isEqualTo(302);
        assertThat(expired.getRedirectedUrl()).isEqualTo(PortalSecurityConfiguration.SIGN_IN);
        assertThat(survivorsInCaseload()).doesNotContain(survivor);
    }

    @Test
    void openingACaseWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        String withoutToken = SurvivorRef.issue().value();
        MockHttpServletResponse refused = perform(post("/portal/cases").param("survivorRef", withoutToken)
                .with(PortalUsers.of("alert", "SAFETY_NETWORK_COORDINATOR")));
        assertThat(refused.getStatus()).isEqualTo(403);

        // A later case opened with the token shows; the refused one, which would have come first, never does.
        String withToken = SurvivorRef.issue().value();
        MockHttpServletResponse opened = perform(post("/portal/cases").param("survivorRef", withToken)
                .with(PortalUsers.of("alert", "SAFETY_NETWORK_COORDINATOR")).with(csrf()));
        assertThat(opened.getStatus()).isEqualTo(302);
        assertThat(opened.getRedirectedUrl()).startsWith("/portal/cases/");
        await().atMost(PATIENCE).until(() -> survivorsInCaseload().contains(withToken));
        assertThat(survivorsInCaseload()).doesNotContain(withoutToken);
    }

    @Test
    void anInvalidSurvivorRefIsRefusedWithTheErrorTiedToItsFieldAndNothingOpened() throws Exception {
        MockHttpServletResponse page = perform(post("/portal/cases").param("survivorRef", "Jane Doe")
                .with(PortalUsers.of("alert", "INTAKE_WORKER")).with(csrf()));

        assertThat(page.getStatus()).isEqualTo(400);
        assertThat(page.getContentAsString()).contains("id=\"survivorRef-error\"", "aria-invalid=\"true\"",
                "aria-describedby=\"survivorRef-hint survivorRef-error\"", "id=\"error-summary\"");
    }

    @Test
    void everyPortalResponseCarriesTheStrictSecurityHeaders() throws Exception {
        List<RequestBuilder> requests = List.of(
                get("/portal/cases").with(PortalUsers.of("alert", "INTAKE_WORKER")),
                get("/portal/cases").with(PortalUsers.of("cease", "INTAKE_WORKER")),
                get("/portal/cases"),
                get("/portal/signed-out"),
                get("/portal/portal.css"),
                post("/portal/cases").with(PortalUsers.of("alert", "INTAKE_WORKER")));
        for (RequestBuilder request : requests) {
            MockHttpServletResponse response = perform(request);
            assertThat(response.getHeader("Content-Security-Policy")).isEqualTo(
                    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' http://127.0.0.1:9000; "
                            + "frame-ancestors 'none'; base-uri 'none'");
            assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    @Test
    void pagesCarryNoInlineStyleOrScriptSoTheyWorkUnderThePolicy() throws Exception {
        String html = perform(get("/portal/cases").with(PortalUsers.of("alert", "INTAKE_WORKER"))).getContentAsString();

        assertThat(html).doesNotContain("<script").doesNotContain("style=").doesNotContain("<style");
    }

    @Test
    void theServletContainerIsGivenAFifteenMinuteSessionWithAnHttpOnlySameSiteLaxCookieNamedForTheAgency() {
        // The factory the embedded Tomcat is built from, as the application's configuration customized it.
        Session session = webServerFactory.getSession();
        assertThat(session.getTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(session.getCookie().getHttpOnly()).isTrue();
        assertThat(session.getCookie().getSameSite()).isEqualTo(SameSite.LAX);
        assertThat(session.getCookie().getName()).isEqualTo("SWO_PORTAL_alert");
    }

    @Test
    void signingOutInvalidatesTheSessionEndsTheProvidersAndComesBackToTheSignedOutPage() throws Exception {
        MockHttpSession session = new MockHttpSession();
        MockHttpServletResponse signedOut = perform(post("/logout").session(session)
                .with(PortalUsers.of("alert", "INTAKE_WORKER")).with(csrf()));

        assertThat(signedOut.getStatus()).isEqualTo(302);
        URI endSession = URI.create(signedOut.getRedirectedUrl());
        assertThat(endSession.getScheme() + "://" + endSession.getAuthority() + endSession.getPath())
                .isEqualTo("http://127.0.0.1:9000/connect/logout");
        assertThat(endSession.getQuery()).contains("id_token_hint=id-token",
                "post_logout_redirect_uri=http://localhost/portal/signed-out");
        assertThat(session.isInvalid()).isTrue();
        MockHttpServletResponse page = perform(get("/portal/signed-out"));
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("<h1>You are signed out</h1>").doesNotContain("id=\"sign-out\"");
    }

    @Test
    void signingOutWithoutTheCsrfTokenIsRefusedAndKeepsTheSession() throws Exception {
        MockHttpSession session = new MockHttpSession();
        MockHttpServletResponse refused = perform(post("/logout").session(session)
                .with(PortalUsers.of("alert", "INTAKE_WORKER")));

        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(session.isInvalid()).isFalse();
    }

    @Test
    void everyFormOnThePageCarriesTheCsrfToken() throws Exception {
        String html = perform(get("/portal/cases").with(PortalUsers.of("alert", "INTAKE_WORKER"))).getContentAsString();

        long forms = Pattern.compile("<form ").matcher(html).results().count();
        long tokens = Pattern.compile("<input type=\"hidden\" name=\"_csrf\"").matcher(html).results().count();
        assertThat(forms).isGreaterThanOrEqualTo(2);
        assertThat(tokens).isEqualTo(forms);
    }

    private List<String> survivorsInCaseload() {
        return cases.caseload(0, 1000).stream().map(SupportCaseView::survivorRef).toList();
    }
}
