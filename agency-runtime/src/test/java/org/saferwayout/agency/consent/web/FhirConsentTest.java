package org.saferwayout.agency.consent.web;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Consent;
import org.hl7.fhir.r5.model.Enumerations.ConsentProvisionType;
import org.hl7.fhir.r5.model.Identifier;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The FHIR R5 export of a consent is a Consent resource that HAPI FHIR's R5 model parses strictly (an
 * unknown element, a wrong JSON type or an invalid code of a bound value set fails) and that says what the
 * consent says: who, for whom, which purposes and categories, which period, active or not.
 */
@AgencyRuntimeTest
class FhirConsentTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Set<String> CONSENT_STATE_CODES =
            Set.of("draft", "active", "inactive", "not-done", "entered-in-error", "unknown");
    private static final Set<String> CONSENT_ACTIONS = Set.of("collect", "access", "use", "disclose", "correct");
    private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    /** Loading the R5 model takes seconds: once for the class. */
    private static FhirContext fhir;

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ConsentRegistry registry;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;

    @BeforeAll
    static void loadFhir() {
        fhir = FhirContext.forR5();
    }

    private IParser strictParser() {
        return fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    }

    private MockHttpServletResponse perform(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private String recordConsent(SurvivorRef survivor, Instant from, Instant until) throws Exception {
        MockHttpServletResponse response = perform(post("/api/consents").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"survivorRef":"%s","granteeAgency":"cease","purposes":["EXIT_SUPPORT","MENTAL_HEALTH"],
                         "categories":["IDENTITY","CONTACT"],"validFrom":"%s","validUntil":"%s",
                         "method":"VERBAL_WITH_WITNESS","witness":"staff-9","language":"en"}"""
                        .formatted(survivor.value(), from, until))
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        String consentId = json.readTree(response.getContentAsString()).get("consentId").asText();
        await().atMost(PATIENCE).until(() -> registry.find(consentId).isPresent());
        return consentId;
    }

    private String exported(String consentId) throws Exception {
        MockHttpServletResponse response = perform(get("/api/consents/{id}/fhir", consentId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(response.getContentType()).equalsTypeAndSubtype(
                MediaType.parseMediaType("application/fhir+json"))).isTrue();
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private static Identifier identifierOf(Reference reference) {
        return reference.getIdentifier();
    }

    @Test
    void aGivenConsentExportsAsAStrictlyValidActiveR5ConsentSayingWhatItCovers() throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant until = from.plus(Duration.ofDays(60));
        String consentId = recordConsent(survivor, from, until);

        Consent consent = strictParser().parseResource(Consent.class, exported(consentId));

        assertThat(consent.getIdPart()).isEqualTo(consentId);
        assertThat(consent.getStatus().toCode()).isIn(CONSENT_STATE_CODES).isEqualTo("active");
        assertThat(consent.getDecision()).isEqualTo(ConsentProvisionType.PERMIT);
        assertThat(consent.getCategory()).flatExtracting(CodeableConcept::getCoding)
                .anySatisfy(coding -> {
                    assertThat(coding.getSystem()).isEqualTo("http://loinc.org");
                    assertThat(coding.getCode()).isEqualTo("59284-0");
                });
        assertThat(consent.getSubject().getIdentifier().getSystem()).isEqualTo("urn:saferwayout:survivor-ref");
        assertThat(consent.getSubject().getIdentifier().getValue()).isEqualTo(survivor.value());
        assertThat(consent.getSubject().hasReference()).as("no resolvable reference to the survivor").isFalse();
        assertThat(consent.getPeriod().getStartElement().getValue().toInstant()).isEqualTo(from);
        assertThat(consent.getPeriod().getEndElement().getValue().toInstant()).isEqualTo(until);
        assertThat(consent.getGrantee()).extracting(FhirConsentTest::identifierOf)
                .extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("urn:saferwayout:agency", "cease"));
        assertThat(consent.getController()).extracting(FhirConsentTest::identifierOf)
                .extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("urn:saferwayout:agency", "alert"));
        assertThat(consent.getGrantor()).extracting(FhirConsentTest::identifierOf).extracting(Identifier::getValue)
                .containsExactly(survivor.value());
        assertThat(consent.getVerificationFirstRep().getVerified()).isTrue();

        assertThat(consent.getProvision()).hasSize(1);
        Consent.ProvisionComponent provision = consent.getProvisionFirstRep();
        assertThat(provision.getActor()).singleElement().satisfies(actor -> {
            assertThat(actor.getRole().getCoding()).anySatisfy(role -> {
                assertThat(role.getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ParticipationType");
                assertThat(role.getCode()).isEqualTo("IRCP");
            });
            assertThat(actor.getReference().getIdentifier().getValue()).isEqualTo("cease");
        });
        List<Coding> actions = provision.getAction().stream().flatMap(action -> action.getCoding().stream()).toList();
        assertThat(actions).isNotEmpty().allSatisfy(action -> {
            assertThat(action.getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/consentaction");
            assertThat(action.getCode()).isIn(CONSENT_ACTIONS);
        });
        assertThat(provision.getPurpose()).filteredOn(purpose -> ACT_REASON.equals(purpose.getSystem()))
                .extracting(Coding::getCode).isNotEmpty().isSubsetOf("COC", "TREAT", "CAREMGT")
                .contains("COC", "TREAT");
        assertThat(provision.getPurpose()).filteredOn(purpose -> "urn:saferwayout:consent-purpose".equals(purpose.getSystem()))
                .extracting(Coding::getCode).containsExactlyInAnyOrder("EXIT_SUPPORT", "MENTAL_HEALTH");
        assertThat(provision.getCode()).flatExtracting(CodeableConcept::getCoding)
                .allSatisfy(code -> assertThat(code.getSystem()).isEqualTo("urn:saferwayout:data-category"))
                .extracting(Coding::getCode).containsExactlyInAnyOrder("IDENTITY", "CONTACT");
        assertThat(provision.getPeriod().getEndElement().getValue().toInstant()).isEqualTo(until);
    }

    @Test
    void aWithdrawnConsentExportsAsInactiveEndingWhenItWasWithdrawn() throws Exception {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String consentId = recordConsent(SurvivorRef.issue(), from, from.plus(Duration.ofDays(60)));
        MockHttpServletResponse withdrawn = perform(post("/api/consents/{id}/withdrawal", consentId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")));
        assertThat(withdrawn.getStatus()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> "WITHDRAWN".equals(registry.find(consentId).orElseThrow().state()));
        EventStoreRows rows = new EventStoreRows(privateDataSource, jdbcExchange);
        await().atMost(PATIENCE).until(() -> rows.exchangeRows().stream()
                .anyMatch(row -> row.payloadType().equals(ConsentWithdrawn.class.getName())
                        && row.payload().contains(consentId)));

        Consent consent = strictParser().parseResource(Consent.class, exported(consentId));

        assertThat(consent.getStatus().toCode()).isIn(CONSENT_STATE_CODES).isEqualTo("inactive");
        Instant end = consent.getPeriod().getEndElement().getValue().toInstant();
        assertThat(end).isEqualTo(registry.find(consentId).orElseThrow().endedAt())
                .isBefore(from.plus(Duration.ofDays(60)));
    }

    @Test
    void theStrictParserRejectsAnUnknownElement() throws Exception {
        // The control: strictness is real, so the export's acceptance above means something.
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String consentId = recordConsent(SurvivorRef.issue(), from, from.plus(Duration.ofDays(60)));
        JsonNode resource = json.readTree(exported(consentId));
        ((com.fasterxml.jackson.databind.node.ObjectNode) resource).put("survivorName", "x");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> strictParser().parseResource(Consent.class, resource.toString()))
                .isInstanceOf(ca.uhn.fhir.parser.DataFormatException.class);
    }
}
