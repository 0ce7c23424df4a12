package org.saferwayout.agency.processing;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Instances count as alive for a claim timeout after they last said so; a silent one stops counting (ADR 019). */
class ProcessingInstancesTest {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");

    private final JdbcDataSource database = new JdbcDataSource();

    ProcessingInstancesTest() {
        database.setURL("jdbc:h2:mem:instances-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    }

    private ProcessingInstances at(Instant instant) {
        return new ProcessingInstances(database, Clock.fixed(instant, ZoneOffset.UTC), CLAIM_TIMEOUT);
    }

    @Test
    void anInstanceCountsItselfOnceHoweverOftenItSaysItIsAlive() {
        ProcessingInstances instances = at(NOW);
        instances.heartbeat();
        instances.heartbeat();
        assertThat(instances.alive()).isEqualTo(1);
    }

    @Test
    void anotherInstanceCountsUntilItHasBeenSilentForAClaimTimeout() {
        new JdbcTemplate(database).execute(ProcessingInstances.CREATE_TABLE);
        new JdbcTemplate(database).update("INSERT INTO processing_instance (owner, last_seen_millis) VALUES (?, ?)",
                "other@host", NOW.toEpochMilli());
        ProcessingInstances soonAfter = at(NOW.plus(CLAIM_TIMEOUT).minusMillis(1));
        soonAfter.heartbeat();
        assertThat(soonAfter.alive()).isEqualTo(2);

        ProcessingInstances afterTheTimeout = at(NOW.plus(CLAIM_TIMEOUT).plusMillis(1));
        afterTheTimeout.heartbeat();
        assertThat(afterTheTimeout.alive()).isEqualTo(1);
    }

    @Test
    void anInstanceSilentForAnHourIsForgotten() {
        new JdbcTemplate(database).execute(ProcessingInstances.CREATE_TABLE);
        new JdbcTemplate(database).update("INSERT INTO processing_instance (owner, last_seen_millis) VALUES (?, ?)",
                "restarted-long-ago@host", NOW.toEpochMilli());
        at(NOW.plusMillis(ProcessingInstances.FORGET_AFTER_MILLIS + 1)).heartbeat();
        assertThat(new JdbcTemplate(database).queryForList("SELECT owner FROM processing_instance", String.class))
                .containsExactly(ProcessingInstances.THIS_INSTANCE);
    }
}
