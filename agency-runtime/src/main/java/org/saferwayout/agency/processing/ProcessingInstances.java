package org.saferwayout.agency.processing;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

/**
 * The instances of this agency's service that are alive, as each one says in the private database
 * ({@code processing_instance}) every sharing interval. An instance with no segment at all leaves no trace in the
 * token table, so the others could not tell it is there to take some.
 */
public class ProcessingInstances {

    /** This process's name in the token table's owner column and here: Axon's default owner, {@code pid@host}. */
    public static final String THIS_INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    static final long FORGET_AFTER_MILLIS = 3_600_000;

    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS processing_instance (
              owner VARCHAR(255) NOT NULL PRIMARY KEY,
              last_seen_millis BIGINT NOT NULL)""";

    private final JdbcTemplate privateDatabase;
    private final Clock clock;
    private final Duration aliveFor;

    public ProcessingInstances(DataSource privateDataSource, Clock clock, Duration aliveFor) {
        this.privateDatabase = new JdbcTemplate(privateDataSource);
        this.clock = clock;
        this.aliveFor = aliveFor;
        privateDatabase.execute(CREATE_TABLE);
    }

    /** Records that this instance is alive now, and forgets instances silent for an hour (every restart adds one). */
    public void heartbeat() {
        long now = clock.millis();
        privateDatabase.update("DELETE FROM processing_instance WHERE last_seen_millis < ?", now - FORGET_AFTER_MILLIS);
        if (privateDatabase.update("UPDATE processing_instance SET last_seen_millis = ? WHERE owner = ?",
                now, THIS_INSTANCE) == 0) {
            privateDatabase.update("INSERT INTO processing_instance (owner, last_seen_millis) VALUES (?, ?)",
                    THIS_INSTANCE, now);
        }
    }

    /** Instances seen within a claim timeout, this one included. */
    public int alive() {
        Integer alive = privateDatabase.queryForObject(
                "SELECT COUNT(*) FROM processing_instance WHERE last_seen_millis >= ?", Integer.class,
                clock.millis() - aliveFor.toMillis());
        return Math.max(1, alive == null ? 0 : alive);
    }
}
