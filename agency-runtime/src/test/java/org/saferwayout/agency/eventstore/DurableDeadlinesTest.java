package org.saferwayout.agency.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Deadlines survive a restart: they are rows of db-scheduler's table in the private database, written with
 * the command that scheduled them, not timers in memory (which a restart or kill -9 would lose, leaving an
 * unanswered referral never escalated).
 */
@AgencyRuntimeTest
class DurableDeadlinesTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private DeadlineManager deadlineManager;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private ObjectMapper json;

    @Test
    void theDeadlineManagerIsTheDatabaseBackedOne() {
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
    }

    @Test
    void requestingAReferralStoresItsAcknowledgementDeadlineInThePrivateDatabaseAtItsUrgencysWindow() throws Exception {
        JdbcTemplate database = new JdbcTemplate(privateDataSource);
        int before = database.queryForObject("SELECT COUNT(*) FROM scheduled_tasks", Integer.class);
        String caseId = json.readTree(mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getContentAsString())
                .get("caseId").asText();
        Instant requested = Instant.now();
        JsonNode referral = json.readTree(mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"IMMEDIATE\"}"))
                .andReturn().getResponse().getContentAsString());
        assertThat(referral.get("status").asText()).isEqualTo("REQUESTED");

        List<Map<String, Object>> rows = database.queryForList("SELECT execution_time FROM scheduled_tasks");
        assertThat(rows).hasSize(before + 1);
        Instant latest = rows.stream().map(row -> toInstant(row.get("execution_time")))
                .max(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(requested, latest)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    }

    private static Instant toInstant(Object timestamp) {
        return timestamp instanceof OffsetDateTime offset ? offset.toInstant() : ((Timestamp) timestamp).toInstant();
    }
}
