package org.saferwayout.agency.retention;

import org.saferwayout.agency.erasure.LocalErasure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Erases a survivor's personal data here once nothing has happened about her for the retention period, and
 * records what it erased, in counts, never the data (table {@code retention_erasure}). Each erasure is one
 * private transaction: the claim, her keys and the record commit together, so a crash before the end leaves
 * her to the next sweep, and two instances never both erase and record her.
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS retention_erasure (
              erasure_id VARCHAR(64) PRIMARY KEY,
              survivor_ref VARCHAR(64) NOT NULL,
              last_activity_at TIMESTAMP WITH TIME ZONE NOT NULL,
              erased_at TIMESTAMP WITH TIME ZONE NOT NULL,
              survivor_keys_destroyed INT NOT NULL,
              exchange_keys_destroyed INT NOT NULL,
              records_deleted BIGINT NOT NULL)""";

    private final SurvivorActivity activity;
    private final LocalErasure erasure;
    private final RetentionProperties properties;
    private final JdbcTemplate privateDatabase;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RetentionJob(SurvivorActivity activity, LocalErasure erasure, RetentionProperties properties,
                 DataSource privateDataSource, PlatformTransactionManager transactionManager, Clock clock) {
        this.activity = activity;
        this.erasure = erasure;
        this.properties = properties;
        this.privateDatabase = new JdbcTemplate(privateDataSource);
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
        privateDatabase.execute(CREATE_TABLE);
    }

    /** A survivor whose data the job erased, in counts. */
    public record RetentionErasure(String erasureId, String survivorRef, Instant lastActivityAt, Instant erasedAt,
                                   int survivorKeysDestroyed, int exchangeKeysDestroyed, long recordsDeleted) {
    }

    @Scheduled(fixedDelayString = "${swo.retention.sweep:PT1H}", initialDelayString = "${swo.retention.sweep:PT1H}")
    void sweep() {
        if (properties.enabled()) {
            eraseInactive();
        }
    }

    /** Erases everyone inactive for the retention period; returns how many. */
    public int eraseInactive() {
        return eraseInactiveSince(clock.instant().minus(properties.inactivity()));
    }

    /** Erases everyone with nothing about her since {@code cutoff}; returns how many. */
    int eraseInactiveSince(Instant cutoff) {
        Instant now = clock.instant();
        int erased = 0;
        for (SurvivorActivity.Inactive inactive : activity.inactiveSince(cutoff)) {
            Boolean done = transaction.execute(status -> erase(inactive, now));
            if (Boolean.TRUE.equals(done)) {
                erased++;
            }
        }
        return erased;
    }

    private boolean erase(SurvivorActivity.Inactive inactive, Instant now) {
        if (!activity.markErased(inactive.survivor(), inactive.lastActivity(), now)) {
            return false;
        }
        LocalErasure.Erased erased = erasure.erase(inactive.survivor());
        String erasureId = UUID.randomUUID().toString();
        privateDatabase.update("""
                INSERT INTO retention_erasure (erasure_id, survivor_ref, last_activity_at, erased_at,
                  survivor_keys_destroyed, exchange_keys_destroyed, records_deleted) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                erasureId, inactive.survivor().value(), Timestamp.from(inactive.lastActivity()), Timestamp.from(now),
                erased.survivorKeysDestroyed(), erased.exchangeKeysDestroyed(), erased.recordsDeletedInTotal());
        log.info("Retention erasure {}: inactive since {}, {} survivor keys and {} exchange keys destroyed, records deleted {}",
                erasureId, inactive.lastActivity(), erased.survivorKeysDestroyed(), erased.exchangeKeysDestroyed(),
                erased.recordsDeleted());
        return true;
    }

    public List<RetentionErasure> erasures(int limit) {
        return privateDatabase.query("""
                SELECT erasure_id, survivor_ref, last_activity_at, erased_at, survivor_keys_destroyed,
                  exchange_keys_destroyed, records_deleted FROM retention_erasure ORDER BY erased_at DESC, erasure_id LIMIT ?""",
                (row, n) -> new RetentionErasure(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant(),
                        row.getTimestamp(4).toInstant(), row.getInt(5), row.getInt(6), row.getLong(7)), limit);
    }
}
