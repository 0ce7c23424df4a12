package org.saferwayout.agency.retention;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.saferwayout.agency.domain.SurvivorScoped;
import org.saferwayout.events.SurvivorRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * When anything last happened about each survivor in this agency (table {@code survivor_activity} in the
 * private database): every private event about her counts, those that arrived through the exchange included
 * (a referral received, a consent recorded). Written in the processor's transaction, with its token.
 */
@Component
@ProcessingGroup("survivor-activity")
class SurvivorActivity {

    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS survivor_activity (
              survivor_ref VARCHAR(64) PRIMARY KEY,
              last_activity_at TIMESTAMP WITH TIME ZONE NOT NULL,
              erased_at TIMESTAMP WITH TIME ZONE)""";

    private final JdbcTemplate privateDatabase;

    SurvivorActivity(DataSource privateDataSource) {
        this.privateDatabase = new JdbcTemplate(privateDataSource);
        privateDatabase.execute(CREATE_TABLE);
    }

    /** Newer activity moves the clock on; she is no longer "erased" once something new happens about her. */
    @EventHandler
    void on(SurvivorScoped event, @org.axonframework.eventhandling.Timestamp Instant at) {
        Timestamp when = Timestamp.from(at);
        int updated = privateDatabase.update("""
                UPDATE survivor_activity SET last_activity_at = CASE WHEN last_activity_at < ? THEN ? ELSE last_activity_at END,
                  erased_at = CASE WHEN erased_at IS NOT NULL AND erased_at < ? THEN NULL ELSE erased_at END
                WHERE survivor_ref = ?""", when, when, when, event.survivorRef().value());
        if (updated == 0) {
            privateDatabase.update("INSERT INTO survivor_activity (survivor_ref, last_activity_at) VALUES (?, ?)",
                    event.survivorRef().value(), when);
        }
    }

    /** Survivors with nothing since {@code cutoff} and not erased since. */
    List<Inactive> inactiveSince(Instant cutoff) {
        return privateDatabase.query("""
                SELECT survivor_ref, last_activity_at FROM survivor_activity
                WHERE last_activity_at < ? AND erased_at IS NULL ORDER BY last_activity_at""",
                (row, n) -> new Inactive(new SurvivorRef(row.getString(1)), row.getTimestamp(2).toInstant()),
                Timestamp.from(cutoff));
    }

    /** Claims her for erasure; false if another instance did, or something new happened meanwhile. */
    boolean markErased(SurvivorRef survivor, Instant lastActivity, Instant at) {
        return privateDatabase.update("""
                UPDATE survivor_activity SET erased_at = ?
                WHERE survivor_ref = ? AND erased_at IS NULL AND last_activity_at = ?""",
                Timestamp.from(at), survivor.value(), Timestamp.from(lastActivity)) == 1;
    }

    record Inactive(SurvivorRef survivor, Instant lastActivity) {
    }
}
