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
        Map<String, Instant> before = deadlines(database);
        String caseId = json.readTree(mvc.perform(post("/api/cases").with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getContentAsString())
                .get("caseId").asText();
        Instant requested = Instant.now();
        JsonNode referral = json.readTree(mvc.perform(post("/api/cases/{id}/referrals", caseId)
                .with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"IMMEDIATE\"}"))
                .andReturn().getResponse().getContentAsString());
        assertThat(referral.get("status").asText()).isEqualTo("REQUESTED");

        Map<String, Instant> scheduled = deadlines(database);
        before.keySet().forEach(scheduled::remove);
        assertThat(scheduled).hasSize(1);
        Instant due = scheduled.values().iterator().next();
        assertThat(Duration.between(requested, due)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    }

    private static Map<String, Instant> deadlines(JdbcTemplate database) {
        Map<String, Instant> byTask = new java.util.HashMap<>();
        for (Map<String, Object> row : database.queryForList(
                "SELECT task_name, task_instance, execution_time FROM scheduled_tasks")) {
            byTask.put(row.get("task_name") + "/" + row.get("task_instance"), toInstant(row.get("execution_time")));
        }
        return byTask;
    }

    private static Instant toInstant(Object timestamp) {
        return timestamp instanceof OffsetDateTime offset ? offset.toInstant() : ((Timestamp) timestamp).toInstant();
    }
}
