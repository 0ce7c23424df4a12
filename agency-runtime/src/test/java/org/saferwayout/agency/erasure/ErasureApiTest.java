package org.saferwayout.agency.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.keys.NetworkKeyStore;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.EventStoreRows.Row;
import org.saferwayout.agency.testapp.NetworkAgencyKeys;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorErasureRequested;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
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
 * A privacy officer's erasure request: every sealed copy of the survivor's data in the exchange becomes
 * unreadable at once (keys destroyed network-wide), every agency is told to purge, and this agency purges what
 * it received; the events themselves stay. Nobody else may ask, and a malformed request changes nothing.
 */
@AgencyRuntimeTest
class ErasureApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private NetworkAgencyKeys networkKeys;
    @Autowired
    private NetworkKeyStore keyStore;
    @Autowired
    private MongoDatabase readModelDatabase;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private ConsentRegistry registry;

    private MockHttpServletResponse requestErasure(String body, RequestPostProcessor caller) throws Exception {
        return mvc.perform(post("/api/erasures").with(caller).contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn().getResponse();
    }

    /** CEASE, under a consent for ALERT, sent ALERT a referral with the survivor's name; ALERT keeps it. */
    private String referralReceivedWithName(SurvivorRef survivor, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        exchange.publish(new ConsentGiven(UUID.randomUUID(), UUID.randomUUID().toString(), survivor, AgencyId.CEASE,
                AgencyId.ALERT, Set.of(ConsentPurpose.SAFE_HOUSING), Set.of(DataCategory.IDENTITY), now.minusSeconds(60),
                now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", "staff-cease", null, now.minusSeconds(60)));
        String referralId = UUID.randomUUID().toString();
        exchange.publish(new ReferralRequested(UUID.randomUUID(), referralId, UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, SupportService.SAFE_LODGING, ReferralUrgency.URGENT, now,
                new PersonalData(name, null, null, null, null, null), null));
        await().atMost(PATIENCE).until(() -> readModelDatabase.getCollection("received_personal_data")
                .find(Filters.eq("_id", referralId)).first() != null);
        // ... and its inbox shows it: the intake's events are committed, nothing of this is still in flight.
        await().atMost(PATIENCE).until(() -> mvc.perform(get("/api/referrals/inbox/{id}", referralId)
                .with(Tokens.of("alert", "INTAKE_WORKER"))).andReturn().getResponse().getStatus() == 200);
        return referralId;
    }

    @Test
    void anErasureShredsEverySealedCopyTellsEveryAgencyAndPurgesWhatThisAgencyReceived() throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        SurvivorRef another = SurvivorRef.issue();
        String name = "Marker" + UUID.randomUUID().toString().replace("-", "");
        String referralId = referralReceivedWithName(survivor, name);
        String untouched = referralReceivedWithName(another, name + "-other");
        assertThat(keyStore.countDataKeys(survivor, AgencyId.ALERT)).isEqualTo(1);
        // ALERT's own consent for CATHOLIC_SOCIAL_SERVICES, and one for the other survivor.
        String herConsent = recordConsentForCss(survivor);
        String otherConsent = recordConsentForCss(another);

        MockHttpServletResponse accepted = requestErasure("{\"survivorRef\":\"" + survivor.value() + "\"}",
                Tokens.forSubject("privacy-officer-alert", "alert", "PRIVACY_OFFICER"));

        assertThat(accepted.getStatus()).as(accepted.getContentAsString()).isEqualTo(202);
        JsonNode body = json.readTree(accepted.getContentAsString());
        assertThat(body.get("dataKeysDestroyed").asInt()).isEqualTo(1);
        assertThat(keyStore.countDataKeys(survivor, AgencyId.ALERT)).isZero();
        EventStoreRows rows = new EventStoreRows(privateDataSource, jdbcExchange);
        List<Row> requests = rows.exchangeRows().stream()
                .filter(row -> row.payloadType().equals(SurvivorErasureRequested.class.getName())
                        && row.payload().contains(body.get("erasureId").asText())).toList();
        assertThat(requests).extracting(row -> networkKeys.raw(row).get("recipientAgency").asText())
                .containsExactlyInAnyOrder("alert", "cease", "catholic-social-services", "reach");
        assertThat(requests).allSatisfy(row -> assertThat(row.payload())
                .contains("privacy-officer-alert").contains(survivor.value()).doesNotContain(name));

        // The referral event stays, with its metadata; its data reads back as erased.
        Row sealed = rows.exchangeRows().stream().filter(row -> row.payload().contains(referralId)).findFirst().orElseThrow();
        assertThat(networkKeys.readAs(AgencyId.ALERT, sealed).at("/personalData/unreadable").asText()).isEqualTo("ERASED");
        // ALERT purged what it received about her, and only her.
        await().atMost(PATIENCE).until(() -> readModelDatabase.getCollection("received_personal_data")
                .find(Filters.eq("survivorRef", survivor.value())).first() == null);
        JsonNode entry = json.readTree(mvc.perform(get("/api/referrals/inbox/{id}", referralId)
                .with(Tokens.of("alert", "INTAKE_WORKER"))).andReturn().getResponse().getContentAsString());
        assertThat(entry.get("referralId").asText()).isEqualTo(referralId);
        assertThat(entry.toString()).doesNotContain(name);
        assertThat(readModelDatabase.getCollection("received_personal_data").find(Filters.eq("_id", untouched)).first())
                .isNotNull();
        assertThat(keyStore.countDataKeys(another, AgencyId.ALERT)).isEqualTo(1);
        // Her consent recorded here ended with the erasure, so nothing of her can be shared again under it.
        await().atMost(PATIENCE).until(() -> registry.find(herConsent).orElseThrow().state().equals("WITHDRAWN"));
        assertThat(registry.find(otherConsent).orElseThrow().state()).isEqualTo("GIVEN");
    }

    private String recordConsentForCss(SurvivorRef survivor) throws Exception {
        MockHttpServletResponse recorded = mvc.perform(post("/api/consents").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"survivorRef":"%s","granteeAgency":"catholic-social-services","purposes":["SAFE_HOUSING"],
                         "categories":["IDENTITY"],"method":"WRITTEN","language":"en"}""".formatted(survivor.value())))
                .andReturn().getResponse();
        assertThat(recorded.getStatus()).as(recorded.getContentAsString()).isEqualTo(201);
        String consentId = json.readTree(recorded.getContentAsString()).get("consentId").asText();
        await().atMost(PATIENCE).until(() -> registry.find(consentId).isPresent());
        return consentId;
    }

    @Test
    void onlyAPrivacyOfficerOfThisAgencyMayAskAndABadRequestChangesNothing() throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        referralReceivedWithName(survivor, "Marker" + UUID.randomUUID());
        EventStoreRows rows = new EventStoreRows(privateDataSource, jdbcExchange);
        Map<String, Long> before = rows.counts();
        String body = "{\"survivorRef\":\"" + survivor.value() + "\"}";

        for (RequestPostProcessor caller : new RequestPostProcessor[]{Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"),
                Tokens.of("alert", "SUPERVISOR"), Tokens.of("alert", "AUDITOR"), Tokens.of("alert", "AGENCY_SYSTEM"),
                Tokens.of("reach", "PRIVACY_OFFICER")}) {
            MockHttpServletResponse refused = requestErasure(body, caller);
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentType()).startsWith("application/problem+json");
        }
        for (String malformed : new String[]{"{\"survivorRef\":\"not-a-ref\"}", "{}", "{\"survivorRef\":\""
                + survivor.value() + "\",\"reason\":\"x\"}", "[]"}) {
            MockHttpServletResponse refused = requestErasure(malformed, Tokens.of("alert", "PRIVACY_OFFICER"));
            assertThat(refused.getStatus()).as(malformed).isEqualTo(400);
            assertThat(refused.getContentType()).startsWith("application/problem+json");
            assertThat(refused.getContentAsString()).doesNotContain(survivor.value());
        }
        assertThat(keyStore.countDataKeys(survivor, AgencyId.ALERT)).isEqualTo(1);
        assertThat(rows.counts()).isEqualTo(before);
    }
}
