package org.saferwayout.agency.consent.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.EventStoreRows.Row;
import org.saferwayout.agency.testapp.NetworkAgencyKeys;
import org.saferwayout.agency.keys.NetworkKeyStore;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SharingDecisionRecorded;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The consent API of this runtime (as ALERT) and the consent gate on the referrals it sends and receives:
 * consents are recorded, refused, withdrawn and shown only to the agencies they concern; a referral carries
 * to the exchange only what a consent covers, and its sharing decision names what was withheld without it.
 */
@AgencyRuntimeTest
class ConsentApiTest {

    private static final String COORDINATOR = "SAFETY_NETWORK_COORDINATOR";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private NetworkAgencyKeys networkKeys;
    @Autowired
    private NetworkKeyStore keyStore;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ConsentRegistry registry;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private MongoDatabase readModelDatabase;

    private EventStoreRows rows;
    private String marker;

    @BeforeEach
    void setUp() {
        rows = new EventStoreRows(privateDataSource, jdbcExchange);
        marker = UUID.randomUUID().toString().replace("-", "");
    }

    private static RequestPostProcessor coordinator() {
        return Tokens.of("alert", COORDINATOR);
    }

    private static MockHttpServletRequestBuilder postJson(String uri, String body) {
        return post(uri).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static String consentForm(SurvivorRef survivor, String grantee, String extra) {
        return """
                {"survivorRef":"%s","granteeAgency":"%s","purposes":["EXIT_SUPPORT"],"categories":["IDENTITY"],
                 "method":"WRITTEN","language":"en"%s}""".formatted(survivor.value(), grantee, extra);
    }

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private JsonNode body(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    /** Records a consent through the API and waits until it is on the exchange, so no write is left in flight. */
    private JsonNode recordConsent(String form) throws Exception {
        MockHttpServletResponse response = perform(postJson("/api/consents", form).with(coordinator()));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        JsonNode recorded = body(response);
        String consentId = recorded.get("consentId").asText();
        awaitOnExchange(ConsentGiven.class, consentId);
        return recorded;
    }

    private List<Row> exchangeRowsOf(Class<?> type, String id) {
        return rows.exchangeRows().stream().filter(row -> row.payloadType().equals(type.getName()))
                .filter(row -> row.payload().contains(id)).toList();
    }

    private Row awaitOnExchange(Class<?> type, String id) {
        return await().atMost(PATIENCE).until(() -> exchangeRowsOf(type, id), found -> !found.isEmpty()).get(0);
    }

    /** A refused request: problem+json with the expected status, nothing echoed, nothing stored. */
    private JsonNode refused(RequestBuilder request, HttpStatus expected) throws Exception {
        Map<String, Long> before = rows.counts();
        MockHttpServletResponse response = perform(request);
        String body = response.getContentAsString(StandardCharsets.UTF_8);

        assertThat(response.getStatus()).as("status; body %s", body).isEqualTo(expected.value());
        assertThat(MediaType.parseMediaType(response.getContentType()).equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                .as("content type %s is problem+json", response.getContentType()).isTrue();
        assertThat(body).doesNotContain(marker);
        JsonNode problem = json.readTree(body);
        assertThat(problem.path("status").asInt()).isEqualTo(expected.value());
        assertThat(rows.counts()).as("stored events before and after a refused request").isEqualTo(before);
        return problem;
    }

    private List<String> invalidFields(JsonNode problem) {
        return json.convertValue(problem.get("invalidFields"), List.class);
    }

    /** A consent between two other agencies, as the exchange would have put it in this agency's registry. */
    private ConsentGiven consentBetween(AgencyId recorder, AgencyId grantee) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ConsentGiven given = new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), SurvivorRef.issue(),
                recorder, grantee, Set.of(ConsentPurpose.SAFE_HOUSING), Set.of(DataCategory.IDENTITY), now,
                now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-" + recorder.code(), null, now);
        registry.apply(given);
        return given;
    }

    @Nested
    class Recording {

        @Test
        void aConsentWithoutAnEndLastsTheAgencysDefaultTerm() throws Exception {
            long privateBefore = rows.privateCount();
            SurvivorRef survivor = SurvivorRef.issue();
            MockHttpServletResponse response = perform(postJson("/api/consents",
                    consentForm(survivor, "cease", "")).with(coordinator()));

            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
            JsonNode recorded = body(response);
            String consentId = recorded.get("consentId").asText();
            assertThat(response.getHeader("Location")).isEqualTo("/api/consents/" + consentId);
            Instant validFrom = Instant.parse(recorded.get("validFrom").asText());
            Instant validUntil = Instant.parse(recorded.get("validUntil").asText());
            assertThat(Duration.between(validFrom, validUntil)).isEqualTo(Duration.ofDays(90));
            assertThat(validFrom).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
            assertThat(recorded.get("state").asText()).isEqualTo("GIVEN");
            assertThat(rows.privateCount()).isEqualTo(privateBefore + 1);

            Row published = awaitOnExchange(ConsentGiven.class, consentId);
            JsonNode given = json.readTree(published.payload());
            assertThat(given.get("recipientAgency").asText()).isEqualTo("cease");
            assertThat(given.get("sourceAgency").asText()).isEqualTo("alert");
            assertThat(given.get("survivorRef").asText()).isEqualTo(survivor.value());

            JsonNode view = await().atMost(PATIENCE).until(() -> {
                MockHttpServletResponse found = perform(get("/api/consents/{id}", consentId).with(coordinator()));
                return found.getStatus() == 200 ? body(found) : null;
            }, found -> found != null);
            assertThat(view.get("state").asText()).isEqualTo("GIVEN");
            assertThat(view.get("granteeAgency").asText()).isEqualTo("cease");
            assertThat(view.get("recordingAgency").asText()).isEqualTo("alert");
            assertThat(view.get("recordedBy").asText()).isEqualTo("staff-alert");
        }

        @Test
        void aConsentWithAGivenPeriodKeepsIt() throws Exception {
            Instant from = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
            Instant until = from.plus(Duration.ofDays(14));
            JsonNode recorded = recordConsent(consentForm(SurvivorRef.issue(), "reach",
                    ",\"validFrom\":\"%s\",\"validUntil\":\"%s\"".formatted(from, until)));
            assertThat(Instant.parse(recorded.get("validFrom").asText())).isEqualTo(from);
            assertThat(Instant.parse(recorded.get("validUntil").asText())).isEqualTo(until);
        }

        @Test
        void aVerbalConsentWithAWitnessIsRecorded() throws Exception {
            recordConsent(consentForm(SurvivorRef.issue(), "catholic-social-services", "")
                    .replace("\"WRITTEN\"", "\"VERBAL_WITH_WITNESS\"").replace("}", ",\"witness\":\"staff-9\"}"));
        }
    }

    @Nested
    class Refusals {

        @Test
        void aConsentForThisAgencyItselfIs409() throws Exception {
            JsonNode problem = refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "alert", ""))
                    .with(coordinator()), HttpStatus.CONFLICT);
            assertThat(problem.get("type").asText()).isEqualTo("urn:saferwayout:problem:consent-grantee-is-recorder");
        }

        @Test
        void aVerbalConsentWithoutAWitnessIs409() throws Exception {
            JsonNode problem = refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease", "")
                    .replace("\"WRITTEN\"", "\"VERBAL_WITH_WITNESS\"")).with(coordinator()), HttpStatus.CONFLICT);
            assertThat(problem.get("type").asText()).isEqualTo("urn:saferwayout:problem:consent-witness-required");
        }

        @Test
        void aPeriodEndingBeforeItStartsIs409() throws Exception {
            Instant from = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
            JsonNode problem = refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease",
                    ",\"validFrom\":\"%s\",\"validUntil\":\"%s\"".formatted(from, from.minus(Duration.ofDays(1)))))
                    .with(coordinator()), HttpStatus.CONFLICT);
            assertThat(problem.get("type").asText()).isEqualTo("urn:saferwayout:problem:consent-period-required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"method", "language", "categories", "purposes", "survivorRef", "granteeAgency"})
        void aMissingRequiredFieldIs400NamingIt(String field) throws Exception {
            String form = consentForm(SurvivorRef.issue(), "cease", "");
            JsonNode parsed = json.readTree(form);
            ((com.fasterxml.jackson.databind.node.ObjectNode) parsed).remove(field);
            JsonNode problem = refused(postJson("/api/consents", parsed.toString()).with(coordinator()),
                    HttpStatus.BAD_REQUEST);
            assertThat(invalidFields(problem)).containsExactly(field);
        }

        @Test
        void emptyCategoriesAre400() throws Exception {
            JsonNode problem = refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease", "")
                    .replace("[\"IDENTITY\"]", "[]")).with(coordinator()), HttpStatus.BAD_REQUEST);
            assertThat(invalidFields(problem)).containsExactly("categories");
        }

        @Test
        void anUnknownCategoryIs400() throws Exception {
            refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease", "")
                    .replace("\"IDENTITY\"", "\"" + marker + "\"")).with(coordinator()), HttpStatus.BAD_REQUEST);
        }

        @Test
        void anUnknownPurposeIs400() throws Exception {
            refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease", "")
                    .replace("\"EXIT_SUPPORT\"", "\"" + marker + "\"")).with(coordinator()), HttpStatus.BAD_REQUEST);
        }

        @Test
        void anUnknownMethodIs400() throws Exception {
            refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease", "")
                    .replace("\"WRITTEN\"", "\"" + marker + "\"")).with(coordinator()), HttpStatus.BAD_REQUEST);
        }

        @Test
        void anUnknownGranteeIs400() throws Exception {
            refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), marker, "")).with(coordinator()),
                    HttpStatus.BAD_REQUEST);
        }

        @Test
        void anUnknownFieldIs400() throws Exception {
            refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease",
                    ",\"" + marker + "\":\"" + marker + "\"")).with(coordinator()), HttpStatus.BAD_REQUEST);
        }

        @Test
        void aMalformedLanguageIs400() throws Exception {
            JsonNode problem = refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease", "")
                    .replace("\"en\"", "\"" + marker + "\"")).with(coordinator()), HttpStatus.BAD_REQUEST);
            assertThat(invalidFields(problem)).containsExactly("language");
        }
    }

    @Nested
    class Withdrawal {

        @Test
        void aConsentIsWithdrawnOnceAndWithdrawingItAgainIs409() throws Exception {
            String consentId = recordConsent(consentForm(SurvivorRef.issue(), "cease", "")).get("consentId").asText();

            MockHttpServletResponse withdrawn = perform(post("/api/consents/{id}/withdrawal", consentId)
                    .with(coordinator()));
            assertThat(withdrawn.getStatus()).as(withdrawn.getContentAsString()).isEqualTo(200);
            assertThat(body(withdrawn).get("state").asText()).isEqualTo("WITHDRAWN");
            awaitOnExchange(ConsentWithdrawn.class, consentId);
            await().atMost(PATIENCE).until(() -> "WITHDRAWN".equals(body(perform(get("/api/consents/{id}", consentId)
                    .with(coordinator()))).path("state").asText()));

            JsonNode problem = refused(post("/api/consents/{id}/withdrawal", consentId).with(coordinator()),
                    HttpStatus.CONFLICT);
            assertThat(problem.get("type").asText()).isEqualTo("urn:saferwayout:problem:consent-not-given");
            assertThat(exchangeRowsOf(ConsentWithdrawn.class, consentId)).hasSize(1);
        }

        @Test
        void withdrawingAnUnknownConsentIs404() throws Exception {
            refused(post("/api/consents/{id}/withdrawal", UUID.randomUUID()).with(coordinator()), HttpStatus.NOT_FOUND);
            refused(post("/api/consents/{id}/withdrawal", marker).with(coordinator()), HttpStatus.NOT_FOUND);
        }
    }

    @Nested
    class Visibility {

        @Test
        void aConsentGrantedToThisAgencyIsShown() throws Exception {
            ConsentGiven toAlert = consentBetween(AgencyId.CEASE, AgencyId.ALERT);
            MockHttpServletResponse response = perform(get("/api/consents/{id}", toAlert.consentId()).with(coordinator()));
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(body(response).get("recordingAgency").asText()).isEqualTo("cease");
        }

        @Test
        void aConsentBetweenTwoOtherAgenciesIs404() throws Exception {
            ConsentGiven elsewhere = consentBetween(AgencyId.CEASE, AgencyId.CATHOLIC_SOCIAL_SERVICES);
            assertThat(registry.find(elsewhere.consentId())).as("known to the registry").isPresent();
            refused(get("/api/consents/{id}", elsewhere.consentId()).with(coordinator()), HttpStatus.NOT_FOUND);
            refused(get("/api/consents/{id}/fhir", elsewhere.consentId()).with(coordinator()), HttpStatus.NOT_FOUND);
        }

        @Test
        void anEmergencyDisclosureIsShownButHasNoFhirConsentForm() throws Exception {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            EmergencyDisclosureMade disclosure = new EmergencyDisclosureMade(UUID.randomUUID(),
                    UUID.randomUUID().toString(), UUID.randomUUID().toString(), SurvivorRef.issue(), AgencyId.CEASE,
                    AgencyId.ALERT, ConsentPurpose.SAFE_HOUSING, Set.of(DataCategory.IDENTITY), now,
                    now.plus(Duration.ofHours(24)), "supervisor-cease");
            registry.apply(disclosure);
            MockHttpServletResponse shown = perform(get("/api/consents/{id}", disclosure.disclosureId()).with(coordinator()));
            assertThat(shown.getStatus()).isEqualTo(200);
            assertThat(body(shown).get("kind").asText()).isEqualTo(ConsentRegistry.EMERGENCY);

            JsonNode problem = refused(get("/api/consents/{id}/fhir", disclosure.disclosureId()).with(coordinator()),
                    HttpStatus.CONFLICT);
            assertThat(problem.get("type").asText()).isEqualTo("urn:saferwayout:problem:emergency-disclosure-not-a-consent");
            assertThat(problem.toString()).doesNotContain(disclosure.survivorRef().value());
        }

        @Test
        void anUnknownOrMalformedConsentIdIs404() throws Exception {
            refused(get("/api/consents/{id}", UUID.randomUUID()).with(coordinator()), HttpStatus.NOT_FOUND);
            refused(get("/api/consents/{id}", marker).with(coordinator()), HttpStatus.NOT_FOUND);
        }
    }

    @Nested
    class Access {

        @Test
        void anAuditorCanNeitherRecordNorWithdrawNorReadConsents() throws Exception {
            ConsentGiven toAlert = consentBetween(AgencyId.CEASE, AgencyId.ALERT);
            RequestPostProcessor auditor = Tokens.of("alert", "AUDITOR");
            refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease", "")).with(auditor),
                    HttpStatus.FORBIDDEN);
            refused(post("/api/consents/{id}/withdrawal", toAlert.consentId()).with(auditor), HttpStatus.FORBIDDEN);
            refused(get("/api/consents/{id}", toAlert.consentId()).with(auditor), HttpStatus.FORBIDDEN);
            refused(get("/api/consents/{id}/fhir", toAlert.consentId()).with(auditor), HttpStatus.FORBIDDEN);
        }

        @Test
        void anotherAgencysTokenIs403() throws Exception {
            ConsentGiven toCease = consentBetween(AgencyId.ALERT, AgencyId.CEASE);
            RequestPostProcessor cease = Tokens.of("cease", COORDINATOR);
            refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "reach", "")).with(cease),
                    HttpStatus.FORBIDDEN);
            refused(get("/api/consents/{id}", toCease.consentId()).with(cease), HttpStatus.FORBIDDEN);
            refused(post("/api/consents/{id}/withdrawal", toCease.consentId()).with(cease), HttpStatus.FORBIDDEN);
        }

        @Test
        void noTokenIs401() throws Exception {
            refused(postJson("/api/consents", consentForm(SurvivorRef.issue(), "cease", "")), HttpStatus.UNAUTHORIZED);
        }
    }

    @Nested
    class Sharing {

        private String name;
        private String contact;

        @BeforeEach
        void markers() {
            name = "NAME" + marker;
            contact = "CONTACT" + marker;
        }

        private JsonNode openCase() throws Exception {
            MockHttpServletResponse opened = perform(postJson("/api/cases", "{}").with(coordinator()));
            assertThat(opened.getStatus()).isEqualTo(201);
            return body(opened);
        }

        private String refer(String caseId) throws Exception {
            MockHttpServletResponse referred = perform(postJson("/api/cases/" + caseId + "/referrals", """
                    {"recipientAgency":"cease","service":"EXIT_SUPPORT","urgency":"ROUTINE",
                     "personalData":{"name":"%s","dateOfBirth":"1990-04-17","contact":"%s"}}"""
                    .formatted(name, contact)).with(coordinator()));
            assertThat(referred.getStatus()).as(referred.getContentAsString()).isEqualTo(202);
            return body(referred).get("referralId").asText();
        }

        private List<Row> exchangeRowsContaining(String text) {
            return rows.exchangeRows().stream().filter(row -> row.payload().contains(text)).toList();
        }

        @Test
        void aConsentCoveringIdentityReleasesTheNameButNotTheContactAndRecordsWhatWasWithheld() throws Exception {
            JsonNode opened = openCase();
            String survivor = opened.get("survivorRef").asText();
            String consentId = recordConsent(consentForm(new SurvivorRef(survivor), "cease", "")).get("consentId").asText();
            await().atMost(PATIENCE).until(() -> registry.find(consentId).isPresent());

            String referralId = refer(opened.get("caseId").asText());

            Row requestedRow = awaitOnExchange(ReferralRequested.class, referralId);
            JsonNode requested = networkKeys.readAs(AgencyId.CEASE, requestedRow);
            JsonNode decision = json.readTree(awaitOnExchange(SharingDecisionRecorded.class, referralId).payload());
            assertThat(requested.get("recipientAgency").asText()).isEqualTo("cease");
            assertThat(requested.at("/personalData/name").asText()).isEqualTo(name);
            assertThat(requested.at("/personalData/dateOfBirth").asText()).isEqualTo("1990-04-17");
            assertThat(requested.path("personalData").has("contact")).isFalse();
            assertThat(requested.toString()).doesNotContain(contact);

            assertThat(decision.get("purpose").asText()).isEqualTo("EXIT_SUPPORT");
            assertThat(decision.get("recipientAgency").asText()).isEqualTo("cease");
            assertThat(decision.get("survivorRef").asText()).isEqualTo(survivor);
            assertThat(json.convertValue(decision.get("released"), List.class)).containsExactly("IDENTITY");
            assertThat(json.convertValue(decision.get("withheld"), List.class)).containsExactly("CONTACT");
            assertThat(decision.get("consentId").asText()).isEqualTo(consentId);
            assertThat(decision.get("reason").asText()).isEqualTo("NOT_COVERED");
            assertThat(decision.toString()).doesNotContain(contact, name);

            // What was released is sealed for CEASE: no plaintext in the exchange, and no other agency opens it.
            assertThat(exchangeRowsContaining(contact)).as("exchange rows carrying the contact").isEmpty();
            assertThat(exchangeRowsContaining(name)).as("exchange rows carrying the name in plaintext").isEmpty();
            assertThat(networkKeys.raw(requestedRow).at("/personalData/name/sealed").asText()).isEqualTo("A256GCM");
            assertThat(networkKeys.readAs(AgencyId.CATHOLIC_SOCIAL_SERVICES, requestedRow).at("/personalData/unreadable")
                    .asText()).isEqualTo("NOT_FOR_THIS_AGENCY");
        }

        @Test
        void withoutAConsentNoPersonalDataReachesTheExchange() throws Exception {
            JsonNode opened = openCase();
            String referralId = refer(opened.get("caseId").asText());

            JsonNode requested = networkKeys.readAs(AgencyId.CEASE, awaitOnExchange(ReferralRequested.class, referralId));
            JsonNode decision = json.readTree(awaitOnExchange(SharingDecisionRecorded.class, referralId).payload());
            assertThat(requested.path("personalData").isMissingNode() || requested.path("personalData").isNull())
                    .as("personalData absent: %s", requested).isTrue();
            assertThat(json.convertValue(decision.get("released"), List.class)).isEmpty();
            assertThat(json.convertValue(decision.get("withheld"), List.class))
                    .containsExactlyInAnyOrder("IDENTITY", "CONTACT");
            assertThat(decision.get("reason").asText()).isEqualTo("NO_CONSENT");
            assertThat(decision.get("consentId").isNull()).isTrue();
            assertThat(exchangeRowsContaining(name)).isEmpty();
            assertThat(exchangeRowsContaining(contact)).isEmpty();
            assertThat(exchangeRowsContaining(marker)).isEmpty();
        }

        @Test
        void aReferralRequestedAfterAWithdrawalReleasesNothing() throws Exception {
            JsonNode opened = openCase();
            String survivor = opened.get("survivorRef").asText();
            String consentId = recordConsent(consentForm(new SurvivorRef(survivor), "cease", "")).get("consentId").asText();
            await().atMost(PATIENCE).until(() -> registry.find(consentId).isPresent());

            assertThat(perform(post("/api/consents/{id}/withdrawal", consentId).with(coordinator())).getStatus())
                    .isEqualTo(200);
            // No waiting: the publisher handles this survivor's withdrawal before the referral that follows it.
            String referralId = refer(opened.get("caseId").asText());

            JsonNode decision = json.readTree(awaitOnExchange(SharingDecisionRecorded.class, referralId).payload());
            awaitOnExchange(ReferralRequested.class, referralId);
            assertThat(decision.get("reason").asText()).isEqualTo("NO_CONSENT");
            assertThat(exchangeRowsContaining(marker)).isEmpty();
        }

        @Test
        void aReceivedReferralShowsOnlyWhatAConsentCoversNowAndItsDataIsPurgedWhenTheConsentIsWithdrawn()
                throws Exception {
            SurvivorRef survivor = SurvivorRef.issue();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            // CEASE recorded a consent for ALERT, then referred the survivor to ALERT with name and contact.
            ConsentGiven given = new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor,
                    AgencyId.CEASE, AgencyId.ALERT, Set.of(ConsentPurpose.SAFE_HOUSING), Set.of(DataCategory.IDENTITY),
                    now.minusSeconds(60), now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-cease",
                    null, now.minusSeconds(60));
            String referralId = UUID.randomUUID().toString();
            exchange.publish(given);
            exchange.publish(new ReferralRequested(UUID.randomUUID(), referralId, UUID.randomUUID().toString(),
                    survivor, AgencyId.CEASE, AgencyId.ALERT, SupportService.SAFE_LODGING, ReferralUrgency.URGENT, now,
                    new PersonalData(name, LocalDate.of(1990, 4, 17), contact, null, null, null), null));

            JsonNode entry = await().atMost(PATIENCE).until(() -> {
                MockHttpServletResponse response = perform(get("/api/referrals/inbox/{id}", referralId).with(coordinator()));
                return response.getStatus() == 200 ? body(response) : null;
            }, found -> found != null && found.hasNonNull("personalData"));
            assertThat(entry.at("/personalData/name").asText()).isEqualTo(name);
            assertThat(entry.path("personalData").has("contact")).isFalse();
            assertThat(entry.toString()).doesNotContain(contact);
            Document stored = readModelDatabase.getCollection("received_personal_data")
                    .find(Filters.eq("_id", referralId)).first();
            assertThat(stored).isNotNull();
            // Kept sealed under her key at rest (ADR 011): the covered field is there, the uncovered one is not.
            assertThat(stored.containsKey("name")).isTrue();
            assertThat(stored.containsKey("contact")).isFalse();
            assertThat(stored.toJson()).doesNotContain(name).doesNotContain(contact);
            assertThat(keyStore.countDataKeys(survivor, AgencyId.ALERT)).isEqualTo(1);

            exchange.publish(new ConsentWithdrawn(UUID.randomUUID(), given.consentId(), survivor, AgencyId.CEASE,
                    AgencyId.ALERT, "staff-cease", Instant.now()));

            await().atMost(PATIENCE).until(() -> readModelDatabase.getCollection("received_personal_data")
                    .find(Filters.eq("_id", referralId)).first() == null);
            JsonNode after = body(perform(get("/api/referrals/inbox/{id}", referralId).with(coordinator())));
            assertThat(after.get("referralId").asText()).isEqualTo(referralId);
            assertThat(after.path("personalData").isNull() || after.path("personalData").isMissingNode()).isTrue();
            assertThat(after.toString()).doesNotContain(name);
            // Crypto-shredded: no consent lets ALERT hold her data any more, so the exchange's copy is unreadable too.
            await().atMost(PATIENCE).until(() -> keyStore.countDataKeys(survivor, AgencyId.ALERT) == 0);
            Row sealed = awaitOnExchange(ReferralRequested.class, referralId);
            assertThat(networkKeys.readAs(AgencyId.ALERT, sealed).at("/personalData/unreadable").asText()).isEqualTo("ERASED");
        }
    }
}
