package org.saferwayout.agency.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.EventStoreRows.Row;
import org.saferwayout.agency.testapp.NetworkAgencyKeys;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** Rotating ALERT's key-encryption key through its API: custodians only, and what was sealed before still opens. */
@AgencyRuntimeTest
class KeyRotationApiTest {

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
    private KeyEncryptionKeys keys;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;

    private MockHttpServletResponse rotate(org.springframework.test.web.servlet.request.RequestPostProcessor caller)
            throws Exception {
        return mvc.perform(post("/api/keys/rotation").with(caller)).andReturn().getResponse();
    }

    @Test
    void onlyTheAgencysOwnCustodiansMayRotate() throws Exception {
        String before = keys.currentKekId();
        for (var caller : new org.springframework.test.web.servlet.request.RequestPostProcessor[]{
                Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"), Tokens.of("alert", "SUPERVISOR"),
                Tokens.of("alert", "AUDITOR"), Tokens.of("reach", "PRIVACY_OFFICER")}) {
            MockHttpServletResponse refused = rotate(caller);
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentType()).startsWith("application/problem+json");
        }
        assertThat(keys.currentKekId()).isEqualTo(before);
    }

    @Test
    void aRotationReWrapsWhatThisAgencyWasSentAndItStillOpens() throws Exception {
        SurvivorRef survivor = SurvivorRef.issue();
        String referralId = UUID.randomUUID().toString();
        String name = "Marker" + UUID.randomUUID().toString().replace("-", "");
        exchange.publish(new ReferralRequested(UUID.randomUUID(), referralId, UUID.randomUUID().toString(), survivor,
                AgencyId.CEASE, AgencyId.ALERT, SupportService.SAFE_LODGING, ReferralUrgency.URGENT, Instant.now(),
                new PersonalData(name, null, null, null, null, null), null));
        EventStoreRows rows = new EventStoreRows(privateDataSource, jdbcExchange);
        Row sealed = await().atMost(Duration.ofSeconds(10)).until(() -> rows.exchangeRows().stream()
                .filter(row -> row.payload().contains(referralId)).findFirst().orElse(null), row -> row != null);
        String before = keys.currentKekId();

        MockHttpServletResponse rotated = rotate(Tokens.of("alert", "PRIVACY_OFFICER"));

        assertThat(rotated.getStatus()).isEqualTo(200);
        JsonNode body = json.readTree(rotated.getContentAsString());
        assertThat(body.get("keyEncryptionKeyId").asText()).isEqualTo(keys.currentKekId()).isNotEqualTo(before);
        assertThat(body.get("dataKeysRewrapped").asInt()).isPositive();
        assertThat(keyStore.dataKeysWrappedBy(AgencyId.ALERT, before)).isEmpty();
        assertThat(keyStore.currentPublicKey(AgencyId.ALERT).orElseThrow().kekId()).isEqualTo(keys.currentKekId());
        assertThat(rows.exchangeRows()).filteredOn(row -> row.payload().contains(referralId)).containsExactly(sealed);
        assertThat(networkKeys.readAs(AgencyId.ALERT, sealed).at("/personalData/name").asText()).isEqualTo(name);
        // The agency's own systems may rotate too.
        assertThat(rotate(Tokens.of("alert", "AGENCY_SYSTEM")).getStatus()).isEqualTo(200);
    }
}
