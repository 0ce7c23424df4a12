package org.saferwayout.agency.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A poison event on the exchange (stored, but not readable as its type) is set aside and the intake goes on with
 * the events after it; neither the quarantine record nor the log quotes what the event held.
 */
@AgencyRuntimeTest
@ExtendWith(OutputCaptureExtension.class)
class UnreadableEventQuarantineTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private UnreadableEventQuarantine quarantine;

    private ReferralRequested referralToAlert() {
        return new ReferralRequested(UUID.randomUUID(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT, SupportService.SAFE_LODGING, ReferralUrgency.URGENT,
                Instant.now(), null, null);
    }

    private boolean inInbox(String referralId) throws Exception {
        return mvc.perform(get("/api/referrals/inbox/{id}", referralId).with(Tokens.of("alert", "INTAKE_WORKER")))
                .andReturn().getResponse().getStatus() == 200;
    }

    @Test
    void aPoisonEventIsSetAsideWithoutQuotingItAndTheIntakeGoesOn(CapturedOutput output) throws Exception {
        ReferralRequested template = referralToAlert();
        exchange.publish(template);
        await().atMost(PATIENCE).until(() -> inInbox(template.referralId()));
        long quarantinedBefore = quarantine.count();

        // A copy of that event, addressed to ALERT, whose urgency is no urgency at all (and quotes a marker).
        String marker = "PoisonMarker" + UUID.randomUUID().toString().replace("-", "");
        JdbcTemplate rawExchange = new JdbcTemplate(jdbcExchange.dataSource());
        Map<String, Object> row = rawExchange.queryForMap("SELECT * FROM domainevententry WHERE eventidentifier = ?",
                template.eventId().toString());
        ObjectNode payload = (ObjectNode) json.readTree((byte[]) row.get("payload"));
        String poisonId = UUID.randomUUID().toString();
        payload.put("eventId", poisonId).put("referralId", UUID.randomUUID().toString()).put("urgency", marker);
        rawExchange.update("""
                INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp,
                  payloadtype, payloadrevision, payload, metadata) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)""",
                poisonId, poisonId, row.get("type"), Instant.now().toString(), row.get("payloadtype"),
                row.get("payloadrevision"), json.writeValueAsBytes(payload), row.get("metadata"));
        ReferralRequested after = referralToAlert();
        exchange.publish(after);

        await().atMost(PATIENCE).until(() -> inInbox(after.referralId()));
        assertThat(quarantine.count()).isGreaterThan(quarantinedBefore);
        List<Map<String, Object>> quarantined = new JdbcTemplate(privateDataSource)
                .queryForList("SELECT * FROM quarantined_event WHERE event_id = ?", poisonId);
        assertThat(quarantined).isNotEmpty();
        assertThat(quarantined.toString()).doesNotContain(marker);
        assertThat(quarantined.get(0).get("payload_type")).isEqualTo(ReferralRequested.class.getName());
        assertThat(output.getAll()).contains("Quarantined unreadable event " + poisonId).doesNotContain(marker);
    }
}
