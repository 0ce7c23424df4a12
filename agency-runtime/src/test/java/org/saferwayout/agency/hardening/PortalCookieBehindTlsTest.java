package org.saferwayout.agency.hardening;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.TestAgencyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a proxy that ends TLS (the deployment the README describes, with {@code server.forward-headers-strategy=native}),
 * the portal's session cookie is {@code Secure} and responses carry HSTS, in a real Tomcat: MockMvc has no session
 * cookie of Tomcat's to look at. On plain HTTP (the embedded network on loopback) the cookie cannot be Secure, or
 * the browser would never send it back.
 */
class PortalCookieBehindTlsTest {

    private static ConfigurableApplicationContext service;
    private static HttpClient http;
    private static int port;

    @BeforeAll
    static void startBehindAProxy() {
        // The same settings as every @AgencyRuntimeTest, as command-line arguments, plus trusting the loopback proxy.
        String[] arguments = Stream.concat(
                        Stream.of(AgencyRuntimeTest.class.getAnnotation(SpringBootTest.class).properties()),
                        Stream.of("server.forward-headers-strategy=native"))
                .map(property -> "--" + property).toArray(String[]::new);
        service = new SpringApplicationBuilder(TestAgencyApplication.class).run(arguments);
        port = ((WebServerApplicationContext) service).getWebServer().getPort();
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void throughTheTlsProxyTheSessionCookieIsSecureAndHstsIsSent() throws Exception {
        HttpResponse<Void> signIn = startSignIn(true);

        assertThat(signIn.statusCode()).isEqualTo(302);
        String cookie = sessionCookie(signIn);
        assertThat(cookie).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax");
        assertThat(signIn.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(hsts ->
                assertThat(hsts).contains("max-age="));
    }

    @Test
    void onPlainHttpTheCookieIsNotSecureAndThereIsNoHsts() throws Exception {
        HttpResponse<Void> signIn = startSignIn(false);

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(sessionCookie(signIn)).doesNotContain("Secure").contains("; HttpOnly");
        assertThat(signIn.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    /** The portal's sign-in redirect: the first response that opens a session. */
    private static HttpResponse<Void> startSignIn(boolean throughTlsProxy) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/authorization/swo"));
        if (throughTlsProxy) {
            request.header("X-Forwarded-Proto", "https");
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.discarding());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("SWO_PORTAL_"))
                .findFirst().orElseThrow(() -> new AssertionError("no portal session cookie: " + response.headers().map()));
    }
}
