package org.saferwayout.agency.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.agency.testapp.UndeclaredLengthRequestBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every refused request to the case API answers RFC 9457 problem+json with fixed wording that never quotes
 * what the caller sent, and leaves both event stores exactly as they were.
 */
@AgencyRuntimeTest
class ProblemDetailsTest {

    private static final String COORDINATOR = "SAFETY_NETWORK_COORDINATOR";
    private static final String VALID_REFERRAL = """
            {"recipientAgency":"cease","service":"SAFE_LODGING","urgency":"URGENT"}""";
    private static final int OVER_LIMIT = 64 * 1024 + 1024;

    @Autowired
    private MockMvc mvc;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private ObjectMapper json;

    private EventStoreRows rows;
    /** A unique string sent in every bad request; it must never come back. */
    private String marker;

    @BeforeEach
    void setUp() {
        rows = new EventStoreRows(privateDataSource, jdbcExchange);
        marker = "MARKER" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String unknownCase() {
        return UUID.randomUUID().toString();
    }

    private static MockHttpServletRequestBuilder postJson(String uri, String body) {
        return post(uri).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static MockHttpServletRequestBuilder referTo(String caseId, String body) {
        return postJson("/api/cases/" + caseId + "/referrals", body);
    }

    /** Sends a request that must be refused, and checks the problem document and that nothing was stored. */
    private JsonNode refused(RequestBuilder request, HttpStatus expected) throws Exception {
        Map<String, Long> before = rows.counts();
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        String body = response.getContentAsString(StandardCharsets.UTF_8);

        assertThat(response.getStatus()).as("status; body %s", body).isEqualTo(expected.value());
        assertThat(response.getContentType()).as("content type").isNotNull();
        assertThat(MediaType.parseMediaType(response.getContentType()).equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                .as("content type %s is problem+json", response.getContentType()).isTrue();
        assertThat(body).as("response body").doesNotContain(marker);
        for (String header : response.getHeaderNames()) {
            assertThat(response.getHeaders(header)).as("header %s", header).noneMatch(value -> value.contains(marker));
        }
        JsonNode problem = json.readTree(body);
        assertThat(problem.path("status").asInt()).as("problem status").isEqualTo(expected.value());
        assertThat(problem.path("detail").asText()).as("problem detail").isNotBlank();
        // Spring would fill "instance" with the request path, which quotes whatever the caller put in the URL.
        assertThat(problem.has("instance")).as("problem has no instance (the request path)").isFalse();

        assertThat(rows.counts()).as("stored events before and after a refused request").isEqualTo(before);
        return problem;
    }

    @Nested
    class MalformedBodies {

        @Test
        void malformedJsonToReferralsIs400() throws Exception {
            refused(referTo(unknownCase(), "{\"recipientAgency\":\"cease\",\"service\":\"" + marker)
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }

        @Test
        void malformedJsonToCasesIs400() throws Exception {
            refused(postJson("/api/cases", "{\"survivorRef\": " + marker + "}")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }

        @Test
        void anEmptyBodyToCasesIs400() throws Exception {
            refused(postJson("/api/cases", "").with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }

        @Test
        void anUnknownFieldInAReferralIs400() throws Exception {
            refused(referTo(unknownCase(), """
                    {"recipientAgency":"cease","service":"SAFE_LODGING","urgency":"URGENT","%s":"%s"}"""
                    .formatted(marker, marker)).with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }

        @Test
        void anUnknownFieldInANewCaseIs400() throws Exception {
            refused(postJson("/api/cases", "{\"" + marker + "\":\"" + marker + "\"}")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }

        @Test
        void aMissingRequiredFieldIs400NamingTheFieldButNotTheValues() throws Exception {
            JsonNode problem = refused(referTo(unknownCase(), """
                    {"recipientAgency":"cease","service":"SAFE_LODGING"}""")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
            assertThat(json.convertValue(problem.get("invalidFields"), List.class)).containsExactly("urgency");
        }

        @Test
        void everyMissingRequiredFieldIsNamed() throws Exception {
            JsonNode problem = refused(referTo(unknownCase(), "{}")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
            assertThat(json.convertValue(problem.get("invalidFields"), List.class))
                    .containsExactly("recipientAgency", "service", "urgency");
        }

        @Test
        void anInvalidSurvivorRefIs400NamingTheFieldButNotTheValue() throws Exception {
            JsonNode problem = refused(postJson("/api/cases", "{\"survivorRef\":\"SR-" + marker + "\"}")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
            assertThat(json.convertValue(problem.get("invalidFields"), List.class)).containsExactly("survivorRef");
        }

        @Test
        void anUnknownServiceIs400() throws Exception {
            refused(referTo(unknownCase(), """
                    {"recipientAgency":"cease","service":"%s","urgency":"URGENT"}""".formatted(marker))
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }

        @Test
        void anUnknownAgencyCodeIs400() throws Exception {
            refused(referTo(unknownCase(), """
                    {"recipientAgency":"%s","service":"SAFE_LODGING","urgency":"URGENT"}""".formatted(marker))
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }

        @Test
        void anEnumGivenAsANumberIs400() throws Exception {
            refused(referTo(unknownCase(), """
                    {"recipientAgency":"cease","service":"SAFE_LODGING","urgency":1}""")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }
    }

    @Nested
    class OversizedBodies {

        /** Valid JSON after a long run of whitespace: only a size limit can refuse it. */
        private String oversized(String json) {
            return " ".repeat(OVER_LIMIT) + json;
        }

        @Test
        void aReferralOverTheLimitWithDeclaredLengthIs413() throws Exception {
            refused(referTo(unknownCase(), oversized(VALID_REFERRAL.replace("}", ",\"" + marker + "\":1}")))
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.PAYLOAD_TOO_LARGE);
        }

        @Test
        void aNewCaseOverTheLimitWithDeclaredLengthIs413() throws Exception {
            refused(postJson("/api/cases", oversized("{\"" + marker + "\":1}"))
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.PAYLOAD_TOO_LARGE);
        }

        @Test
        void aDeclaredOversizedBodyIsRefusedEvenBeforeAuthentication() throws Exception {
            refused(postJson("/api/cases", oversized("{}")), HttpStatus.PAYLOAD_TOO_LARGE);
        }

        @Test
        void aReferralOverTheLimitWithoutContentLengthIs413() throws Exception {
            refused(UndeclaredLengthRequestBuilder.post("/api/cases/{id}/referrals", unknownCase())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(oversized(VALID_REFERRAL.replace("}", ",\"" + marker + "\":1}")))
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.PAYLOAD_TOO_LARGE);
        }

        @Test
        void aNewCaseOverTheLimitWithoutContentLengthIs413() throws Exception {
            refused(UndeclaredLengthRequestBuilder.post("/api/cases")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(oversized("{\"" + marker + "\":1}"))
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.PAYLOAD_TOO_LARGE);
        }
    }

    @Nested
    class QueryParameters {

        @ParameterizedTest
        @CsvSource({"/api/referrals/inbox,size=0", "/api/referrals/inbox,size=1001", "/api/referrals/inbox,page=-1",
                "/api/cases,size=0", "/api/cases,size=1001", "/api/cases,page=-1"})
        void aPageOutOfRangeIs400NamingTheParameter(String list, String query) throws Exception {
            String[] parameter = query.split("=");
            JsonNode problem = refused(get(list).param(parameter[0], parameter[1])
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
            assertThat(json.convertValue(problem.get("invalidFields"), List.class)).containsExactly(parameter[0]);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/api/referrals/inbox", "/api/cases"})
        void aNonNumericPageIs400WithoutEchoingIt(String list) throws Exception {
            refused(get(list).param("page", marker).with(Tokens.of("alert", COORDINATOR)), HttpStatus.BAD_REQUEST);
        }
    }

    @Nested
    class UnsupportedRequests {

        @Test
        void anUnsupportedContentTypeIs415WithoutEchoingIt() throws Exception {
            refused(post("/api/cases").contentType("text/x-" + marker).content("{}")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }

        @Test
        void anUnsupportedMethodIs405() throws Exception {
            refused(delete("/api/cases")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.METHOD_NOT_ALLOWED);
        }

        @Test
        void anUnknownApiPathIs404WithoutEchoingIt() throws Exception {
            refused(get("/api/" + marker).with(Tokens.of("alert", COORDINATOR)), HttpStatus.NOT_FOUND);
        }
    }

    @Nested
    class UnknownRecords {

        @Test
        void referringAnUnknownCaseIs404() throws Exception {
            refused(referTo(unknownCase(), VALID_REFERRAL).with(Tokens.of("alert", COORDINATOR)), HttpStatus.NOT_FOUND);
        }

        @Test
        void readingAnUnknownCaseIs404() throws Exception {
            refused(get("/api/cases/{id}", unknownCase()).with(Tokens.of("alert", COORDINATOR)), HttpStatus.NOT_FOUND);
        }

        @Test
        void referringAMalformedCaseIdIs404WithoutEchoingIt() throws Exception {
            refused(referTo(marker, VALID_REFERRAL).with(Tokens.of("alert", COORDINATOR)), HttpStatus.NOT_FOUND);
        }

        @Test
        void anUppercaseUuidIsNotAWellFormedRecordId() throws Exception {
            refused(referTo(unknownCase().toUpperCase(), VALID_REFERRAL).with(Tokens.of("alert", COORDINATOR)),
                    HttpStatus.NOT_FOUND);
        }

        @Test
        void acceptingAMalformedReferralIdIs404() throws Exception {
            refused(post("/api/referrals/inbox/{id}/actions/ACCEPT", marker).with(Tokens.of("alert", COORDINATOR)),
                    HttpStatus.NOT_FOUND);
        }

        @Test
        void acceptingAReferralNeverReceivedIs404() throws Exception {
            refused(post("/api/referrals/inbox/{id}/actions/ACCEPT", UUID.randomUUID())
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.NOT_FOUND);
        }
    }

    @Nested
    class Access {

        @Test
        void aTokenOfAnotherAgencyIs403() throws Exception {
            refused(referTo(unknownCase(), VALID_REFERRAL.replace("}", ",\"x\":\"" + marker + "\"}"))
                    .with(Tokens.of("cease", COORDINATOR)), HttpStatus.FORBIDDEN);
        }

        @Test
        void aTokenOfAnotherAgencyCannotOpenCases() throws Exception {
            refused(postJson("/api/cases", "{}").with(Tokens.of("cease", COORDINATOR)), HttpStatus.FORBIDDEN);
        }

        @Test
        void aTokenWithoutAnAgencyIs403() throws Exception {
            refused(postJson("/api/cases", "{}").with(Tokens.forSubject("nobody", "", COORDINATOR)), HttpStatus.FORBIDDEN);
        }

        @Test
        void noTokenIs401() throws Exception {
            refused(referTo(unknownCase(), VALID_REFERRAL.replace("}", ",\"x\":\"" + marker + "\"}")),
                    HttpStatus.UNAUTHORIZED);
        }

        @Test
        void noTokenCannotOpenCases() throws Exception {
            refused(postJson("/api/cases", "{}"), HttpStatus.UNAUTHORIZED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"AUDITOR", "AGENCY_SYSTEM", "PRIVACY_OFFICER"})
        void aRoleThatMayNotActCannotRefer(String role) throws Exception {
            refused(referTo(unknownCase(), VALID_REFERRAL).with(Tokens.of("alert", role)), HttpStatus.FORBIDDEN);
        }

        @ParameterizedTest
        @ValueSource(strings = {"AUDITOR", "AGENCY_SYSTEM", "PRIVACY_OFFICER"})
        void aRoleThatMayNotActCannotOpenCases(String role) throws Exception {
            refused(postJson("/api/cases", "{}").with(Tokens.of("alert", role)), HttpStatus.FORBIDDEN);
        }

        @Test
        void anAuditorCannotAcceptReferrals() throws Exception {
            refused(post("/api/referrals/inbox/{id}/actions/ACCEPT", UUID.randomUUID())
                    .with(Tokens.of("alert", "AUDITOR")), HttpStatus.FORBIDDEN);
        }

        @Test
        void anAuditorCannotReadCases() throws Exception {
            refused(get("/api/cases").with(Tokens.of("alert", "AUDITOR")), HttpStatus.FORBIDDEN);
        }
    }

    @Nested
    class DomainRules {

        @Test
        void referringACaseToItsOwnAgencyIs409AndStoresNothing() throws Exception {
            MockHttpServletResponse opened = mvc.perform(postJson("/api/cases", "{}")
                    .with(Tokens.of("alert", COORDINATOR))).andReturn().getResponse();
            assertThat(opened.getStatus()).isEqualTo(201);
            String caseId = json.readTree(opened.getContentAsString()).get("caseId").asText();

            JsonNode problem = refused(referTo(caseId, """
                    {"recipientAgency":"alert","service":"SAFE_LODGING","urgency":"URGENT"}""")
                    .with(Tokens.of("alert", COORDINATOR)), HttpStatus.CONFLICT);
            assertThat(problem.get("type").asText()).isEqualTo("urn:saferwayout:problem:referral-to-own-agency");
        }
    }

    @Test
    void aCoordinatorCanOpenACaseAndRefer() throws Exception {
        // The positive control for the refusals above: the same requests, well formed, are accepted and stored.
        long before = rows.privateCount();
        MockHttpServletResponse opened = mvc.perform(postJson("/api/cases", "{}")
                .with(Tokens.of("alert", COORDINATOR))).andReturn().getResponse();
        assertThat(opened.getStatus()).isEqualTo(201);
        String caseId = json.readTree(opened.getContentAsString()).get("caseId").asText();
        MockHttpServletResponse referred = mvc.perform(referTo(caseId, VALID_REFERRAL)
                .with(Tokens.of("alert", "INTAKE_WORKER"))).andReturn().getResponse();
        assertThat(referred.getStatus()).isEqualTo(202);
        assertThat(rows.privateCount()).isEqualTo(before + 2);
        // Let the referral reach the exchange now, so it cannot land inside another test's before/after window.
        String referralId = json.readTree(referred.getContentAsString()).get("referralId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.exchangeRows().stream()
                .anyMatch(row -> row.payload().contains(referralId)));
    }
}
