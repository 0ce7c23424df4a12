package org.saferwayout.agency.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.saferwayout.exchange.audit.AuditTables;
import org.saferwayout.exchange.audit.CheckpointSigner;
import org.saferwayout.exchange.audit.CheckpointWitness;
import org.saferwayout.exchange.audit.ExchangeCheckpointer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * ALERT's service as a witness of the exchange's log: it keeps every checkpoint it accepts in its own database,
 * serves them to auditors only, and flags (ERROR, metric, health DOWN) a log rewritten under it.
 */
@AgencyRuntimeTest
@TestPropertySource(properties = "swo.audit.witness-interval=PT1H") // rounds are run by the test, not the scheduler
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // leaves the witness DOWN
class ExchangeWitnessTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ExchangePublisher publisher;
    @Autowired
    private JdbcExchange exchange;
    @Autowired
    private ExchangeWitness witness;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private ExchangeWitnessHealthIndicator witnessHealth;

    @Test
    void theWitnessKeepsCheckpointsServesThemToAuditorsAndFlagsARewrittenLog() throws Exception {
        ExchangeCheckpointer operator = checkpointer(CheckpointSigner.generate());
        publish(3);
        operator.appendAndCheckpointNow();
        assertThat(witness.witnessNewCheckpoints()).isInstanceOf(CheckpointWitness.Witnessed.class);
        publish(2);
        operator.appendAndCheckpointNow();
        CheckpointWitness.Outcome second = witness.witnessNewCheckpoints();
        assertThat(second).isEqualTo(new CheckpointWitness.Witnessed(1, operator.treeSize()));

        MockHttpServletResponse kept = mvc.perform(get("/api/audit/witnessed-checkpoints")
                .with(Tokens.of("alert", "AUDITOR"))).andReturn().getResponse();
        assertThat(kept.getStatus()).isEqualTo(200);
        JsonNode checkpoints = json.readTree(kept.getContentAsString());
        assertThat(checkpoints).hasSize(2);
        assertThat(checkpoints.get(1).get("treeSize").asLong()).isEqualTo(operator.treeSize());
        assertThat(checkpoints.get(1).get("witness").asText()).isEqualTo("alert");
        assertThat(checkpoints.get(1).get("signature").asText()).isNotBlank();
        assertThat(health()).isEqualTo("UP");

        // A database administrator alters an event and rebuilds the whole tree and every checkpoint under a new key.
        new JdbcTemplate(exchange.dataSource()).update(
                "UPDATE domainevententry SET payloadtype = 'org.saferwayout.events.Forged' WHERE globalindex = 2");
        rebuildTreeWith(CheckpointSigner.generate());

        CheckpointWitness.Outcome afterRewrite = witness.witnessNewCheckpoints();
        assertThat(afterRewrite).isInstanceOf(CheckpointWitness.Inconsistent.class);
        assertThat(((CheckpointWitness.Inconsistent) afterRewrite).witnessedTreeSize()).isEqualTo(operator.treeSize());
        assertThat(health()).isEqualTo("DOWN");
        assertThat(meters.get("swo.audit.witness.inconsistencies").counter().count()).isEqualTo(1.0);
        // it never moved past the contradiction: what it kept is what it had witnessed before
        assertThat(json.readTree(mvc.perform(get("/api/audit/witnessed-checkpoints").with(Tokens.of("alert", "PRIVACY_OFFICER")))
                .andReturn().getResponse().getContentAsString())).hasSize(2);
    }

    @Test
    void onlyThisAgencysAuditorsAndPrivacyOfficersReadWhatItWitnessed() throws Exception {
        for (var caller : new org.springframework.test.web.servlet.request.RequestPostProcessor[]{
                Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"), Tokens.of("alert", "INTAKE_WORKER"),
                Tokens.of("alert", "SUPERVISOR"), Tokens.of("alert", "AGENCY_SYSTEM"), Tokens.of("reach", "AUDITOR")}) {
            MockHttpServletResponse refused = mvc.perform(get("/api/audit/witnessed-checkpoints").with(caller))
                    .andReturn().getResponse();
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentType()).startsWith("application/problem+json");
        }
        assertThat(mvc.perform(get("/api/audit/witnessed-checkpoints")).andReturn().getResponse().getStatus()).isEqualTo(401);
        MockHttpServletResponse badLimit = mvc.perform(get("/api/audit/witnessed-checkpoints?limit=0")
                .with(Tokens.of("alert", "AUDITOR"))).andReturn().getResponse();
        assertThat(badLimit.getStatus()).isEqualTo(400);
        assertThat(badLimit.getContentType()).startsWith("application/problem+json");
    }

    private String health() throws Exception {
        return witnessHealth.health().getStatus().getCode();
    }

    private ExchangeCheckpointer checkpointer(CheckpointSigner signer) {
        return new ExchangeCheckpointer(exchange.dataSource()::getConnection, signer,
                ExchangeCheckpointer.Settings.defaults().withGapSettleTime(Duration.ZERO), Clock.systemUTC());
    }

    private void rebuildTreeWith(CheckpointSigner forger) throws Exception {
        JdbcTemplate tables = new JdbcTemplate(exchange.dataSource());
        tables.update("DELETE FROM " + AuditTables.CHECKPOINT_TABLE);
        tables.update("DELETE FROM " + AuditTables.NODE_TABLE);
        tables.update("DELETE FROM " + AuditTables.LEAF_TABLE);
        checkpointer(forger).appendAndCheckpointNow();
    }

    private void publish(int count) {
        for (int i = 0; i < count; i++) {
            publisher.publish(new ReferralRequested(UUID.randomUUID(), UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(), SurvivorRef.issue(), AgencyId.ALERT, AgencyId.CEASE,
                    SupportService.SAFE_LODGING, ReferralUrgency.ROUTINE, Instant.now(), null, null));
        }
    }
}
