package org.saferwayout.agency.hardening;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.security.RateLimitClock;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.agency.web.SecurityHeadersFilter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Issue 9, deliverable 5 (ADR 017): security headers on every response, refusals before any handler runs
 * and without a write, and (nested, with small limits of its own) the per-client rate limit.
 */
@AgencyRuntimeTest
class ApiLimitsTest {

    private static final String COORDINATOR = "SAFETY_NETWORK_COORDINATOR";

    @Autowired
    private MockMvc mvc;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private ObjectMapper json;

    private EventStoreRows rows;

    @BeforeEach
    void setUp() {
        rows = new EventStoreRows(privateDataSource, jdbcExchange);
    }

    private MockHttpServletResponse send(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private static void assertProblem(MockHttpServletResponse response, int status) throws Exception {
        assertThat(response.getStatus()).as("status; body %s", response.getContentAsString()).isEqualTo(status);
        assertThat(MediaType.parseMediaType(response.getContentType())
                .equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON)).as(response.getContentType()).isTrue();
    }

    private static void assertSecurityHeaders(MockHttpServletResponse response) {
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.getHeader("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(response.getHeader("Cache-Control")).contains("no-store");
        assertThat(response.getHeaders("X-Content-Type-Options")).as("written once").hasSize(1);
    }

    @Nested
    class SecurityHeaders {

        @Test
        void onAnAnsweredApiRequest() throws Exception {
            MockHttpServletResponse response = send(get("/api/cases").with(Tokens.of("alert", COORDINATOR)));
            assertThat(response.getStatus()).isEqualTo(200);
            assertSecurityHeaders(response);
        }

        @Test
        void onARefusalWithoutAToken() throws Exception {
            MockHttpServletResponse response = send(get("/api/cases"));
            assertProblem(response, 401);
            assertSecurityHeaders(response);
        }

        @Test
        void onAnOversizedBody() throws Exception {
            MockHttpServletResponse response = send(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                    .content(" ".repeat(70 * 1024) + "{}").with(Tokens.of("alert", COORDINATOR)));
            assertProblem(response, 413);
            assertSecurityHeaders(response);
        }

        @Test
        void onHealthAndTheApiDocument() throws Exception {
            assertSecurityHeaders(send(get("/actuator/health")));
            assertSecurityHeaders(send(get("/v3/api-docs")));
        }

        @Test
        void onAnUnknownActuatorPathWhichAlsoGetsAProblemBody() throws Exception {
            MockHttpServletResponse response = send(get(URI.create("/actuator/health/%ef%bc%8f")));
            assertProblem(response, 404);
            assertSecurityHeaders(response);
        }

        @Test
        void hstsOnlyOverTls() throws Exception {
            assertThat(send(get("/actuator/health").secure(true)).getHeader("Strict-Transport-Security"))
                    .contains("max-age=31536000").contains("includeSubDomains");
            assertThat(send(get("/actuator/health")).getHeader("Strict-Transport-Security")).isNull();
            // Forwarded headers count only when the container trusts the proxy that sent them; here it does not.
            assertThat(send(get("/actuator/health").header("X-Forwarded-Proto", "https"))
                    .getHeader("Strict-Transport-Security")).isNull();
        }

        @Test
        void aPolicySetInsideTheChainIsKept() throws Exception {
            // As the portal's own security chain sets its content security policy: the filter must not overwrite it.
            String portalPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
            MockHttpServletResponse response = new MockHttpServletResponse();
            new SecurityHeadersFilter().doFilter(new MockHttpServletRequest("GET", "/portal"), response,
                    (request, inner) -> {
                        ((HttpServletResponse) inner).setHeader("Content-Security-Policy", portalPolicy);
                        inner.getWriter().write("<html></html>");
                        inner.flushBuffer();
                    });
            assertThat(response.getHeaders("Content-Security-Policy")).containsExactly(portalPolicy);
            assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
        }
    }

    @Nested
    class RefusedBeforeAnyWrite {

        @Test
        void aNewCaseForACallerThatAcceptsOnlyHtmlIs406AndStoresNothing() throws Exception {
            Map<String, Long> before = rows.counts();
            MockHttpServletResponse response = send(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.TEXT_HTML).content("{}").with(Tokens.of("alert", COORDINATOR)));
            assertThat(response.getStatus()).isEqualTo(406);
            assertThat(rows.counts()).isEqualTo(before);
        }

        @Test
        void duplicateKeysAre400AndStoreNothing() throws Exception {
            String survivorRef = "SR-" + UUID.randomUUID();
            Map<String, Long> before = rows.counts();
            MockHttpServletResponse response = send(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"survivorRef\":\"%s\",\"survivorRef\":\"%s\"}".formatted(survivorRef, survivorRef))
                    .with(Tokens.of("alert", COORDINATOR)));
            assertProblem(response, 400);
            assertThat(response.getContentAsString()).doesNotContain(survivorRef);
            assertThat(rows.counts()).isEqualTo(before);
        }

        /** Found by the 10,000-try fuzz run: Spring's form filter threw on this body before security ran (a 500). */
        @ParameterizedTest
        @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
        void aMalformedFormBodyOnAnyMethodIsA4xxProblemAndStoresNothing(String method) throws Exception {
            Map<String, Long> before = rows.counts();
            for (boolean withToken : new boolean[]{false, true}) {
                MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method),
                        URI.create("/api/subscriptions/" + UUID.randomUUID()))
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("%s%n%x=%zz&a=%");
                if (withToken) {
                    request.with(Tokens.of("alert", COORDINATOR, "AGENCY_SYSTEM"));
                }
                MockHttpServletResponse response = send(request);
                assertThat(response.getStatus()).as(method + (withToken ? " with a token" : "")).isBetween(400, 499);
                assertProblem(response, response.getStatus());
            }
            assertThat(rows.counts()).isEqualTo(before);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/api//cases", "/api/cases/%2e%2e/consents", "/api/cases;jsessionid=x",
                "/api/cases/%2F", "/api/cases/%00", "/api/%5Ccases"})
        void pathsTheFirewallRefusesAre400Problems(String path) throws Exception {
            MockHttpServletResponse response = send(get(URI.create(path)).with(Tokens.of("alert", COORDINATOR)));
            assertProblem(response, 400);
            assertSecurityHeaders(response);
        }
    }

    @Test
    void theApiDocumentNamesItsServerAsSlashWhateverTheForwardedHost() throws Exception {
        MockHttpServletResponse response = send(get("/v3/api-docs")
                .header("X-Forwarded-Host", "attacker.example").header("X-Forwarded-Proto", "https")
                .header("Host", "attacker.example"));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).doesNotContain("attacker.example");
        assertThat(json.readTree(response.getContentAsString()).at("/servers/0/url").asText()).isEqualTo("/");
    }

    @Nested
    @TestPropertySource(properties = {"swo.test.rate.burst=5", "swo.test.rate.per-second=1",
            "swo.test.refused-credentials.burst=8", "swo.test.refused-credentials.per-second=1"})
    @Import(RateLimit.StoppedClock.class)
    @AutoConfigureMockMvc // an @Import here hides the enclosing class's auto-configuration imports from this class
    class RateLimit {

        /** The limits' time stands still here: however slow the machine, no bucket refills between counted requests. */
        @TestConfiguration(proxyBeanMethods = false)
        static class StoppedClock {
            @Bean
            RateLimitClock stoppedRateLimitClock() {
                long stoppedAt = System.nanoTime();
                return () -> stoppedAt;
            }
        }

        private MockHttpServletRequestBuilder asStaff(MockHttpServletRequestBuilder request, String subject) {
            return request.with(Tokens.forSubject(subject, "alert", COORDINATOR));
        }

        // This class's own context (small limits): the enclosing instance's fields belong to the shared one.
        @Autowired
        private MockMvc limited;
        @Autowired
        private DataSource limitedPrivateStore;
        @Autowired
        private JdbcExchange limitedExchange;

        private MockHttpServletResponse send(RequestBuilder request) throws Exception {
            return limited.perform(request).andReturn().getResponse();
        }

        @Test
        void aClientOverItsBurstIs429WithRetryAfterAndAnotherClientIsNotAffected() throws Exception {
            String subject = "staff-" + UUID.randomUUID();
            for (int i = 0; i < 5; i++) {
                assertThat(send(asStaff(get("/api/cases"), subject)).getStatus()).isEqualTo(200);
            }
            MockHttpServletResponse refused = send(asStaff(get("/api/cases"), subject));
            assertProblem(refused, 429);
            assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 2L);
            assertSecurityHeaders(refused);

            assertThat(send(asStaff(get("/api/cases"), "staff-" + UUID.randomUUID())).getStatus()).isEqualTo(200);
        }

        @Test
        void aLimitedWriteStoresNothing() throws Exception {
            String subject = "staff-" + UUID.randomUUID();
            for (int i = 0; i < 5; i++) {
                send(asStaff(get("/api/cases"), subject));
            }
            EventStoreRows limitedRows = new EventStoreRows(limitedPrivateStore, limitedExchange);
            Map<String, Long> before = limitedRows.counts();
            MockHttpServletResponse refused = send(asStaff(post("/api/cases")
                    .contentType(MediaType.APPLICATION_JSON).content("{}"), subject));
            assertProblem(refused, 429);
            assertThat(limitedRows.counts()).isEqualTo(before);
        }

        @Test
        void callersWithoutATokenAreLimitedByAddress() throws Exception {
            String address = "10.9.8." + (1 + (int) (Math.random() * 250));
            for (int i = 0; i < 5; i++) {
                assertProblem(send(get("/api/cases").with(remoteAddress(address))), 401);
            }
            assertProblem(send(get("/api/cases").with(remoteAddress(address))), 429);
            assertProblem(send(get("/api/cases").with(remoteAddress("10.7.7.7"))), 401);
        }

        @Test
        void anAddressWhoseTokensKeepBeingRefusedIs429BeforeItsTokenIsReadAndOtherAddressesAreNot() throws Exception {
            String address = "10.5.4." + (1 + (int) (Math.random() * 250));
            for (int i = 0; i < 8; i++) {
                // Every one a refused credential; none reaches the per-client limit, which runs after authentication.
                assertProblem(send(get("/api/cases").with(remoteAddress(address))
                        .header("Authorization", "Bearer not-a-token-" + i)), 401);
            }
            MockHttpServletResponse refused = send(get("/api/cases").with(remoteAddress(address))
                    .header("Authorization", "Bearer not-a-token"));
            assertProblem(refused, 429);
            assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 2L);
            // Until the bucket refills, the address is refused whatever it presents.
            assertProblem(send(asStaff(get("/api/cases"), "staff-" + UUID.randomUUID()).with(remoteAddress(address))), 429);

            assertProblem(send(get("/api/cases").with(remoteAddress("10.5.3.3"))
                    .header("Authorization", "Bearer not-a-token")), 401);
            assertThat(send(asStaff(get("/api/cases"), "staff-" + UUID.randomUUID()).with(remoteAddress("10.5.3.4")))
                    .getStatus()).isEqualTo(200);
        }

        @Test
        void acceptedRequestsTakeNothingFromTheRefusedCredentialsBucket() throws Exception {
            String address = "10.5.2." + (1 + (int) (Math.random() * 250));
            for (int i = 0; i < 20; i++) {
                // Distinct subjects, so the per-client limit (5) is not what is measured here.
                assertThat(send(asStaff(get("/api/cases"), "staff-" + UUID.randomUUID()).with(remoteAddress(address)))
                        .getStatus()).isEqualTo(200);
            }
            assertProblem(send(get("/api/cases").with(remoteAddress(address))
                    .header("Authorization", "Bearer not-a-token")), 401);
        }

        @Test
        void thePortalsSignInRedirectIsLimitedByAddressToo() throws Exception {
            // It answers itself before authorization (and creates a session each time), so the limit runs earlier.
            String address = "10.4.3." + (1 + (int) (Math.random() * 250));
            for (int i = 0; i < 5; i++) {
                assertThat(send(get("/oauth2/authorization/swo").with(remoteAddress(address))).getStatus())
                        .isEqualTo(302);
            }
            MockHttpServletResponse refused = send(get("/oauth2/authorization/swo").with(remoteAddress(address)));
            assertThat(refused.getStatus()).isEqualTo(429);
            assertThat(refused.getHeader("Retry-After")).isNotBlank();
            assertThat(send(get("/oauth2/authorization/swo").with(remoteAddress("10.4.2.2"))).getStatus())
                    .isEqualTo(302);
        }

        @Test
        void theseTestsCountOnAStoppedClock() throws Exception {
            // Without the stopped clock, a second at 1 request/s refills the bucket and the last request is a 200.
            String subject = "staff-" + UUID.randomUUID();
            for (int i = 0; i < 5; i++) {
                send(asStaff(get("/api/cases"), subject));
            }
            Thread.sleep(1_100);
            assertProblem(send(asStaff(get("/api/cases"), subject)), 429);
        }

        @Test
        void healthProbesAreNeverLimited() throws Exception {
            for (int i = 0; i < 20; i++) {
                assertThat(send(get("/actuator/health").with(remoteAddress("10.6.6.6"))).getStatus()).isEqualTo(200);
            }
        }

        private static org.springframework.test.web.servlet.request.RequestPostProcessor remoteAddress(String address) {
            return request -> {
                request.setRemoteAddr(address);
                return request;
            };
        }
    }
}
