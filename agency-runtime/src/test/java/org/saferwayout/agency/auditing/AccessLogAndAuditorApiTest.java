package org.saferwayout.agency.auditing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.ServiceDelivered;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every read of a survivor's personal data is recorded in the exchange, once per read, with who, roles, purpose,
 * when and which categories; reads that show none record nothing. Auditors replay the exchange without personal
 * data, reconstruct what an agency knew at a moment (across a consent withdrawal), read the survivor's access
 * report and the emergency disclosures; nobody else may.
 */
@AgencyRuntimeTest
class AccessLogAndAuditorApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /**
     * Every GET endpoint of the agency runtime, and whether it can show a survivor's personal data. A new GET
     * endpoint fails {@link #everyGetEndpointIsClassified} until it is placed here (and, if it shows personal
     * data, access-logged and tested below).
     */
    private static final Map<String, Boolean> SHOWS_PERSONAL_DATA = Map.ofEntries(
            Map.entry("/api/cases/{caseId}", true),
            Map.entry("/api/cases/{caseId}/safety-plans", true),
            Map.entry("/api/referrals/inbox/{referralId}", true),
            Map.entry("/api/cases", false),
            Map.entry("/api/referrals/inbox", false),
            Map.entry("/api/consents/{consentId}", false),
            Map.entry("/api/consents/{consentId}/fhir", false),
            Map.entry("/api/supervisor/notifications", false),
            Map.entry("/api/retention/erasures", false),
            Map.entry("/api/audit/events", false),
            Map.entry("/api/audit/knowledge", false),
            Map.entry("/api/audit/access-log", false),
            Map.entry("/api/audit/emergency-disclosures", false),
            Map.entry("/api/audit/witnessed-checkpoints", false),
            Map.entry("/api/notifications/stream", false),
            Map.entry("/api/subscriptions", false),
            Map.entry("/api/subscriptions/{subscriptionId}", false),
            Map.entry("/api/subscriptions/{subscriptionId}/dead-letters", false));

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private ConsentRegistry registry;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping handlerMapping;

    private MockHttpServletResponse call(String path, RequestPostProcessor caller, Object... variables) throws Exception {
        return mvc.perform(get(path, variables).with(caller)).andReturn().getResponse();
    }

    private JsonNode auditor(String path, Object... variables) throws Exception {
        MockHttpServletResponse response = call(path, Tokens.forSubject("auditor-alert", "alert", "AUDITOR"), variables);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString());
    }

    private List<JsonNode> accessLog(SurvivorRef survivor) throws Exception {
        List<JsonNode> reads = new ArrayList<>();
        auditor("/api/audit/access-log?survivorRef={ref}", survivor.value()).forEach(reads::add);
        return reads;
    }

    private JsonNode body(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString());
    }

    @Test
    void everyGetEndpointIsClassified() {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfo mapping : handlerMapping.getHandlerMethods().keySet()) {
            if (mapping.getMethodsCondition().getMethods().contains(RequestMethod.GET)) {
                endpoints.addAll(mapping.getPatternValues());
            }
        }
        endpoints.removeIf(path -> !path.startsWith("/api/"));
        assertThat(SHOWS_PERSONAL_DATA.keySet()).containsAll(endpoints);
    }

    @Test
    void everyReadOfPersonalDataThroughEveryEndpointThatShowsItIsRecordedOnceAndOthersNot() throws Exception {
        // A case at ALERT with a safety plan and a service outcome sent back by CEASE under consent.
        JsonNode opened = body(mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse());
        String caseId = opened.get("caseId").asText();
        SurvivorRef survivor = new SurvivorRef(opened.get("survivorRef").asText());
        String referralId = body(mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\"}"))
                .andReturn().getResponse()).get("referralId").asText();
        assertThat(call("/api/cases/{id}", Tokens.of("alert", "SUPERVISOR"), caseId).getStatus()).isEqualTo(200);
        assertThat(call("/api/cases/{id}/safety-plans", Tokens.of("alert", "SUPERVISOR"), caseId).getStatus()).isEqualTo(200);
        assertThat(accessLog(survivor)).as("reads that showed nothing").isEmpty();

        mvc.perform(post("/api/cases/{id}/safety-plans", caseId).with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"summary\":\"Stays with a friend.\"}"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        exchange.publish(new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor, AgencyId.ALERT,
                AgencyId.CEASE, Set.of(ConsentPurpose.EXIT_SUPPORT), Set.of(DataCategory.SERVICE_OUTCOME),
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-alert", null, now));
        await().atMost(PATIENCE).until(() -> !registry.ofSurvivor(survivor).isEmpty());
        exchange.publish(new ServiceDelivered(UUID.randomUUID(), referralId, caseId, survivor, AgencyId.CEASE,
                AgencyId.ALERT, null, SupportService.EXIT_SUPPORT, LocalDate.now(), now,
                PersonalData.serviceOutcome("First session attended.")));
        await().atMost(PATIENCE).until(() -> call("/api/cases/{id}", Tokens.of("alert", "INTAKE_WORKER"), caseId)
                .getContentAsString().contains("First session attended."));
        await().atMost(PATIENCE).until(() -> call("/api/cases/{id}/safety-plans", Tokens.of("alert", "INTAKE_WORKER"), caseId)
                .getContentAsString().contains("Stays with a friend."));
        // A referral CEASE sent to ALERT with her name, under a consent for ALERT.
        String received = UUID.randomUUID().toString();
        exchange.publish(new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor, AgencyId.CEASE,
                AgencyId.ALERT, Set.of(ConsentPurpose.SAFE_HOUSING), Set.of(DataCategory.IDENTITY), now.minusSeconds(60),
                now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-cease", null, now));
        exchange.publish(new ReferralRequested(UUID.randomUUID(), received, UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, SupportService.SAFE_LODGING, ReferralUrgency.URGENT, now,
                new PersonalData("Maya Example", null, null, null, null, null), null));
        await().atMost(PATIENCE).until(() -> call("/api/referrals/inbox/{id}", Tokens.of("alert", "INTAKE_WORKER"), received)
                .getContentAsString().contains("Maya Example"));
        int before = accessLog(survivor).size();

        // The reads under test: each endpoint twice or three times, by different people.
        for (int i = 0; i < 3; i++) {
            assertThat(call("/api/referrals/inbox/{id}", Tokens.forSubject("alert-intake", "alert", "INTAKE_WORKER"), received)
                    .getStatus()).isEqualTo(200);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(call("/api/cases/{id}", Tokens.forSubject("alert-coordinator", "alert", "SAFETY_NETWORK_COORDINATOR"),
                    caseId).getStatus()).isEqualTo(200);
            assertThat(call("/api/cases/{id}/safety-plans", Tokens.forSubject("alert-supervisor", "alert", "SUPERVISOR"),
                    caseId).getStatus()).isEqualTo(200);
        }
        // Reads that show no personal data, and refused reads, record nothing.
        call("/api/cases", Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"));
        call("/api/referrals/inbox", Tokens.of("alert", "INTAKE_WORKER"));
        assertThat(call("/api/referrals/inbox/{id}", Tokens.of("cease", "INTAKE_WORKER"), received).getStatus()).isEqualTo(403);
        assertThat(call("/api/cases/{id}/safety-plans", Tokens.of("alert", "AUDITOR"), caseId).getStatus()).isEqualTo(403);

        List<JsonNode> reads = accessLog(survivor).subList(before, before + 7);
        assertThat(accessLog(survivor)).hasSize(before + 7);
        assertThat(reads).filteredOn(read -> read.get("resource").asText().equals("referral-inbox-entry")).hasSize(3)
                .allSatisfy(read -> {
                    assertThat(read.get("accessedBy").asText()).isEqualTo("alert-intake");
                    assertThat(read.get("agency").asText()).isEqualTo("alert");
                    assertThat(read.get("roles").toString()).contains("INTAKE_WORKER");
                    assertThat(read.get("purpose").asText()).isEqualTo("REFERRAL_HANDLING");
                    assertThat(read.get("categories").toString()).isEqualTo("[\"IDENTITY\"]");
                    assertThat(read.get("recordId").asText()).isEqualTo(received);
                });
        assertThat(reads).filteredOn(read -> read.get("resource").asText().equals("support-case")).hasSize(2)
                .allSatisfy(read -> {
                    assertThat(read.get("accessedBy").asText()).isEqualTo("alert-coordinator");
                    assertThat(read.get("purpose").asText()).isEqualTo("CASE_COORDINATION");
                    assertThat(read.get("categories").toString()).isEqualTo("[\"SERVICE_OUTCOME\"]");
                });
        assertThat(reads).filteredOn(read -> read.get("resource").asText().equals("safety-plans")).hasSize(2)
                .allSatisfy(read -> {
                    assertThat(read.get("accessedBy").asText()).isEqualTo("alert-supervisor");
                    assertThat(read.get("purpose").asText()).isEqualTo("SAFETY_PLANNING");
                    assertThat(read.get("categories").toString()).isEqualTo("[\"SAFETY_PLAN\"]");
                });
        assertThat(reads).allSatisfy(read -> assertThat(read.toString())
                .doesNotContain("Maya", "First session", "Stays with"));

        // Only auditors and privacy officers read the access log; a bad survivorRef is a 400 that says nothing.
        for (RequestPostProcessor caller : List.of(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"),
                Tokens.of("alert", "SUPERVISOR"), Tokens.of("alert", "INTAKE_WORKER"), Tokens.of("alert", "AGENCY_SYSTEM"))) {
            assertThat(call("/api/audit/access-log?survivorRef={ref}", caller, survivor.value()).getStatus()).isEqualTo(403);
        }
        assertThat(call("/api/audit/access-log?survivorRef={ref}", Tokens.of("alert", "PRIVACY_OFFICER"), survivor.value())
                .getStatus()).isEqualTo(200);
        MockHttpServletResponse bad = call("/api/audit/access-log?survivorRef=Maya", Tokens.of("alert", "AUDITOR"));
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentType()).startsWith("application/problem+json");
        assertThat(bad.getContentAsString()).doesNotContain("Maya");

        // The replay by survivor shows her events, never her data, even those addressed to this agency.
        JsonNode events = auditor("/api/audit/events?survivorRef={ref}", survivor.value());
        assertThat(events.findValuesAsText("type")).contains("ReferralRequested", "ServiceDelivered", "ConsentGiven",
                "PersonalDataAccessed", "SharingDecisionRecorded");
        assertThat(events.toString()).doesNotContain("Maya", "First session", "Stays with").contains(AuditorView.NOT_SHOWN);
        JsonNode byCase = auditor("/api/audit/events?caseId={id}", caseId);
        assertThat(byCase.findValuesAsText("type")).contains("ReferralRequested", "ServiceDelivered")
                .doesNotContain("ConsentGiven");
        assertThat(auditor("/api/audit/events?survivorRef={ref}&from={from}", survivor.value(),
                Instant.now().plusSeconds(3600).toString())).isEmpty();
    }

    @Test
    void whatAnAgencyKnewIsReconstructedAsOfAMomentAcrossAConsentWithdrawal() throws Exception {
        JsonNode opened = body(mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse());
        String caseId = opened.get("caseId").asText();
        String survivor = opened.get("survivorRef").asText();
        MockHttpServletResponse recorded = mvc.perform(post("/api/consents").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"survivorRef":"%s","granteeAgency":"catholic-social-services","purposes":["SAFE_HOUSING"],
                         "categories":["IDENTITY","CONTACT"],"method":"WRITTEN","language":"en"}""".formatted(survivor)))
                .andReturn().getResponse();
        assertThat(recorded.getStatus()).as(recorded.getContentAsString()).isEqualTo(201);
        String consentId = body(recorded).get("consentId").asText();
        await().atMost(PATIENCE).until(() -> registry.find(consentId).isPresent());
        Instant beforeReferral = Instant.now();
        String referralId = body(mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"recipientAgency":"catholic-social-services","service":"SAFE_LODGING","urgency":"URGENT",
                         "personalData":{"name":"Maya Example","contact":"780-555-0142","health":"Asthma"}}"""))
                .andReturn().getResponse()).get("referralId").asText();
        await().atMost(PATIENCE).until(() -> auditor("/api/audit/events?survivorRef={ref}", survivor)
                .findValuesAsText("type").contains("SharingDecisionRecorded"));
        Thread.sleep(20);
        Instant whileInForce = Instant.now();
        Thread.sleep(20);
        assertThat(mvc.perform(post("/api/consents/{id}/withdrawal", consentId).with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> auditor("/api/audit/events?survivorRef={ref}", survivor)
                .findValuesAsText("type").contains("ConsentWithdrawn"));
        Instant afterWithdrawal = Instant.now();

        JsonNode before = auditor("/api/audit/knowledge?agency=catholic-social-services&survivorRef={ref}&at={at}", survivor,
                beforeReferral.toString());
        assertThat(before.get("shares")).isEmpty();
        JsonNode during = auditor("/api/audit/knowledge?agency=catholic-social-services&survivorRef={ref}&at={at}", survivor,
                whileInForce.toString());
        assertThat(during.get("onlyThePseudonym").asBoolean()).isFalse();
        JsonNode share = during.get("shares").get(0);
        assertThat(share.get("referralId").asText()).isEqualTo(referralId);
        assertThat(share.get("released").toString()).contains("IDENTITY", "CONTACT").doesNotContain("HEALTH");
        assertThat(share.get("known").toString()).contains("IDENTITY", "CONTACT");
        assertThat(share.get("under").asText()).isEqualTo(consentId);
        assertThat(during.get("inForce").findValuesAsText("id")).containsExactly(consentId);
        JsonNode after = auditor("/api/audit/knowledge?agency=catholic-social-services&survivorRef={ref}&at={at}", survivor,
                afterWithdrawal.toString());
        assertThat(after.get("onlyThePseudonym").asBoolean()).isTrue();
        assertThat(after.get("shares").get(0).get("known")).isEmpty();
        assertThat(after.get("inForce")).isEmpty();
        assertThat(during.toString() + after).doesNotContain("Maya", "780-555", "Asthma");
        // What ALERT itself was sent of her: nothing.
        assertThat(auditor("/api/audit/knowledge?agency=alert&survivorRef={ref}&at={at}", survivor, afterWithdrawal.toString())
                .get("shares")).isEmpty();
        assertThat(call("/api/audit/knowledge?agency=catholic-social-services&survivorRef={ref}&at={at}",
                Tokens.of("alert", "SUPERVISOR"), survivor, afterWithdrawal.toString()).getStatus()).isEqualTo(403);
        assertThat(call("/api/audit/knowledge?agency=nobody&survivorRef={ref}&at=yesterday",
                Tokens.of("alert", "AUDITOR"), survivor).getStatus()).isEqualTo(400);
    }

    @Test
    void emergencyDisclosuresAreListedForAuditors() throws Exception {
        JsonNode opened = body(mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse());
        String caseId = opened.get("caseId").asText();
        MockHttpServletResponse referred = mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.forSubject("alert-supervisor", "alert", "SUPERVISOR")).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"recipientAgency":"cease","service":"EXIT_SUPPORT","urgency":"IMMEDIATE",
                         "personalData":{"contact":"780-555-0199"},
                         "emergencyDisclosure":{"justification":"Imminent risk to life, named in the case notes.",
                                                "categories":["CONTACT"],"hours":2}}""")).andReturn().getResponse();
        assertThat(referred.getStatus()).as(referred.getContentAsString()).isEqualTo(202);
        String referralId = body(referred).get("referralId").asText();
        await().atMost(PATIENCE).until(() -> auditor("/api/audit/emergency-disclosures").findValuesAsText("referralId")
                .contains(referralId));
        JsonNode disclosures = auditor("/api/audit/emergency-disclosures");
        assertThat(disclosures.toString()).doesNotContain("780-555", "Imminent risk");
        JsonNode disclosure = null;
        for (JsonNode candidate : disclosures) {
            if (candidate.get("referralId").asText().equals(referralId)) {
                disclosure = candidate;
            }
        }
        assertThat(disclosure.get("approvedBy").asText()).isEqualTo("alert-supervisor");
        assertThat(disclosure.get("toAgency").asText()).isEqualTo("cease");
        assertThat(disclosure.get("categories").toString()).isEqualTo("[\"CONTACT\"]");
        assertThat(call("/api/audit/emergency-disclosures", Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).getStatus())
                .isEqualTo(403);
    }
}
