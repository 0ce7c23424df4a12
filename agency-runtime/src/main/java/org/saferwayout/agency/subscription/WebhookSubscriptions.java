package org.saferwayout.agency.subscription;

import org.saferwayout.events.AgencyId;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Webhook subscriptions, their delivery cursors and their dead letters, in this agency's private database.
 * Every read and change that a caller can reach names the caller's agency, so a subscription of another
 * agency is never found, shown or changed (deny by default, even on a shared database).
 */
@Component
public class WebhookSubscriptions implements InitializingBean {

    private static final String[] DDL = {
            """
            CREATE TABLE IF NOT EXISTS webhook_subscription (
              subscription_id VARCHAR(36) PRIMARY KEY,
              agency VARCHAR(40) NOT NULL,
              callback_url VARCHAR(2000) NOT NULL,
              event_types VARCHAR(1000) NOT NULL,
              signing_secret VARCHAR(100) NOT NULL,
              registered_by VARCHAR(200) NOT NULL,
              registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
              delivered_through BIGINT NOT NULL,
              failed_attempts INT NOT NULL,
              next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
              last_failure VARCHAR(100))""",
            """
            CREATE TABLE IF NOT EXISTS webhook_dead_letter (
              subscription_id VARCHAR(36) NOT NULL,
              notification_seq BIGINT NOT NULL,
              attempts INT NOT NULL,
              last_failure VARCHAR(100),
              dead_lettered_at TIMESTAMP WITH TIME ZONE NOT NULL,
              redelivery_requested BOOLEAN NOT NULL,
              next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
              PRIMARY KEY (subscription_id, notification_seq))""",
            // Which instance of the service delivers the subscription (ADR 019).
            """
            CREATE TABLE IF NOT EXISTS webhook_delivery_lease (
              subscription_id VARCHAR(36) PRIMARY KEY,
              holder VARCHAR(255) NOT NULL,
              held_until TIMESTAMP WITH TIME ZONE NOT NULL)"""
    };
    private static final String SUBSCRIPTION_COLUMNS = "subscription_id, agency, callback_url, event_types,"
            + " signing_secret, registered_by, registered_at, delivered_through, failed_attempts, next_attempt_at,"
            + " last_failure";
    private static final RowMapper<WebhookSubscription> SUBSCRIPTION = (rs, n) -> new WebhookSubscription(
            rs.getString(1), AgencyId.fromCode(rs.getString(2)), URI.create(rs.getString(3)), types(rs.getString(4)),
            rs.getString(5), rs.getString(6), instant(rs.getObject(7, OffsetDateTime.class)), rs.getLong(8),
            rs.getInt(9), instant(rs.getObject(10, OffsetDateTime.class)), rs.getString(11));
    private static final String DEAD_LETTER_COLUMNS = "subscription_id, notification_seq, attempts, last_failure,"
            + " dead_lettered_at, redelivery_requested, next_attempt_at";
    private static final RowMapper<DeadLetter> DEAD_LETTER = (rs, n) -> new DeadLetter(rs.getString(1),
            rs.getLong(2), rs.getInt(3), rs.getString(4), instant(rs.getObject(5, OffsetDateTime.class)),
            rs.getBoolean(6), instant(rs.getObject(7, OffsetDateTime.class)));

    private final JdbcTemplate privateDatabase;
    private final TransactionTemplate transaction;

    WebhookSubscriptions(DataSource privateDataSource, PlatformTransactionManager transactionManager) {
        this.privateDatabase = new JdbcTemplate(privateDataSource);
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public void afterPropertiesSet() {
        for (String statement : DDL) {
            privateDatabase.execute(statement);
        }
    }

    void register(WebhookSubscription subscription) {
        privateDatabase.update("INSERT INTO webhook_subscription (" + SUBSCRIPTION_COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                subscription.subscriptionId(), subscription.agency().code(), subscription.callbackUrl().toString(),
                typesColumn(subscription.eventTypes()), subscription.signingSecret(), subscription.registeredBy(),
                at(subscription.registeredAt()), subscription.deliveredThrough(), subscription.failedAttempts(),
                at(subscription.nextAttemptAt()), subscription.lastFailure());
    }

    public Optional<WebhookSubscription> find(AgencyId agency, String subscriptionId) {
        return privateDatabase.query("SELECT " + SUBSCRIPTION_COLUMNS + " FROM webhook_subscription"
                        + " WHERE agency = ? AND subscription_id = ?", SUBSCRIPTION, agency.code(), subscriptionId)
                .stream().findFirst();
    }

    public List<WebhookSubscription> all(AgencyId agency) {
        return privateDatabase.query("SELECT " + SUBSCRIPTION_COLUMNS + " FROM webhook_subscription"
                + " WHERE agency = ? ORDER BY registered_at, subscription_id", SUBSCRIPTION, agency.code());
    }

    boolean change(AgencyId agency, String subscriptionId, URI callbackUrl, Set<NotificationType> eventTypes) {
        return privateDatabase.update("UPDATE webhook_subscription SET callback_url = ?, event_types = ?"
                        + " WHERE agency = ? AND subscription_id = ?", callbackUrl.toString(), typesColumn(eventTypes),
                agency.code(), subscriptionId) == 1;
    }

    boolean delete(AgencyId agency, String subscriptionId) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            int deleted = privateDatabase.update("DELETE FROM webhook_subscription WHERE agency = ? AND subscription_id = ?",
                    agency.code(), subscriptionId);
            if (deleted == 1) {
                privateDatabase.update("DELETE FROM webhook_dead_letter WHERE subscription_id = ?", subscriptionId);
                privateDatabase.update("DELETE FROM webhook_delivery_lease WHERE subscription_id = ?", subscriptionId);
            }
            return deleted == 1;
        }));
    }

    /** The agency's subscriptions that are not waiting out a back-off, or have a redelivery due. */
    List<String> due(AgencyId agency, Instant now) {
        return privateDatabase.queryForList("SELECT subscription_id FROM webhook_subscription"
                        + " WHERE agency = ? AND (next_attempt_at <= ? OR EXISTS (SELECT 1 FROM webhook_dead_letter d"
                        + " WHERE d.subscription_id = webhook_subscription.subscription_id AND d.redelivery_requested"
                        + " AND d.next_attempt_at <= ?))",
                String.class, agency.code(), at(now), at(now));
    }

    /**
     * Makes {@code holder} the one instance of the service that delivers the subscription until {@code until},
     * unless another instance holds it now (ADR 019): two instances posting from one cursor would repeat
     * notifications and cross their order. The holder calls it again to keep holding.
     */
    boolean holdDelivery(String subscriptionId, String holder, Instant now, Instant until) {
        if (privateDatabase.update("UPDATE webhook_delivery_lease SET holder = ?, held_until = ?"
                        + " WHERE subscription_id = ? AND (holder = ? OR held_until < ?)",
                holder, at(until), subscriptionId, holder, at(now)) == 1) {
            return true;
        }
        try {
            return privateDatabase.update("INSERT INTO webhook_delivery_lease (subscription_id, holder, held_until)"
                            + " SELECT ?, ?, ? WHERE NOT EXISTS"
                            + " (SELECT 1 FROM webhook_delivery_lease WHERE subscription_id = ?)",
                    subscriptionId, holder, at(until), subscriptionId) == 1;
        } catch (DuplicateKeyException anotherInstanceWasFaster) {
            return false;
        }
    }

    /** The notification at {@code position} was delivered: the cursor moves past it. */
    void delivered(String subscriptionId, long previousPosition, long position, Instant now) {
        privateDatabase.update("UPDATE webhook_subscription SET delivered_through = ?, failed_attempts = 0,"
                        + " last_failure = NULL, next_attempt_at = ? WHERE subscription_id = ? AND delivered_through = ?",
                position, at(now), subscriptionId, previousPosition);
    }

    void attemptFailed(String subscriptionId, int failedAttempts, Instant nextAttemptAt, String failure) {
        privateDatabase.update("UPDATE webhook_subscription SET failed_attempts = ?, next_attempt_at = ?,"
                + " last_failure = ? WHERE subscription_id = ?", failedAttempts, at(nextAttemptAt), failure, subscriptionId);
    }

    /** Gives up on the notification: it becomes a dead letter and the cursor moves past it, in one transaction. */
    void deadLetter(String subscriptionId, long previousPosition, long position, int attempts, String failure,
                    Instant now) {
        transaction.executeWithoutResult(status -> {
            int moved = privateDatabase.update("UPDATE webhook_subscription SET delivered_through = ?,"
                            + " failed_attempts = 0, last_failure = ?, next_attempt_at = ?"
                            + " WHERE subscription_id = ? AND delivered_through = ?",
                    position, failure, at(now), subscriptionId, previousPosition);
            if (moved == 1) {
                privateDatabase.update("INSERT INTO webhook_dead_letter (" + DEAD_LETTER_COLUMNS + ")"
                                + " VALUES (?, ?, ?, ?, ?, FALSE, ?)",
                        subscriptionId, position, attempts, failure, at(now), at(now));
            }
        });
    }

    public List<DeadLetter> deadLetters(AgencyId agency, String subscriptionId) {
        return privateDatabase.query("SELECT " + prefixed("d.", DEAD_LETTER_COLUMNS) + " FROM webhook_dead_letter d"
                        + " JOIN webhook_subscription s ON s.subscription_id = d.subscription_id"
                        + " WHERE s.agency = ? AND d.subscription_id = ? ORDER BY d.notification_seq",
                DEAD_LETTER, agency.code(), subscriptionId);
    }

    /** Asks for dead letters (one, or all when {@code position} is null) to be delivered again; returns how many. */
    int requestRedelivery(AgencyId agency, String subscriptionId, Long position, Instant now) {
        String which = position == null ? "" : " AND notification_seq = " + position.longValue();
        return privateDatabase.update("UPDATE webhook_dead_letter SET redelivery_requested = TRUE, attempts = 0,"
                        + " next_attempt_at = ? WHERE subscription_id = ?" + which
                        + " AND EXISTS (SELECT 1 FROM webhook_subscription s"
                        + " WHERE s.subscription_id = webhook_dead_letter.subscription_id AND s.agency = ?)",
                at(now), subscriptionId, agency.code());
    }

    List<DeadLetter> dueRedeliveries(String subscriptionId, Instant now) {
        return privateDatabase.query("SELECT " + DEAD_LETTER_COLUMNS + " FROM webhook_dead_letter"
                        + " WHERE subscription_id = ? AND redelivery_requested AND next_attempt_at <= ?"
                        + " ORDER BY notification_seq", DEAD_LETTER, subscriptionId, at(now));
    }

    void redelivered(String subscriptionId, long position) {
        privateDatabase.update("DELETE FROM webhook_dead_letter WHERE subscription_id = ? AND notification_seq = ?",
                subscriptionId, position);
    }

    /** A redelivery attempt failed: tried again later, or (given up) left dead until asked for again. */
    void redeliveryFailed(String subscriptionId, long position, int attempts, Instant nextAttemptAt, boolean givenUp,
                          String failure) {
        privateDatabase.update("UPDATE webhook_dead_letter SET attempts = ?, next_attempt_at = ?, last_failure = ?,"
                        + " redelivery_requested = ? WHERE subscription_id = ? AND notification_seq = ?",
                attempts, at(nextAttemptAt), failure, !givenUp, subscriptionId, position);
    }

    private static String typesColumn(Set<NotificationType> types) {
        return types.stream().map(Enum::name).sorted().collect(Collectors.joining(" "));
    }

    private static Set<NotificationType> types(String column) {
        Set<NotificationType> types = EnumSet.noneOf(NotificationType.class);
        Arrays.stream(column.split(" ")).filter(name -> !name.isBlank()).map(NotificationType::valueOf).forEach(types::add);
        return types;
    }

    private static String prefixed(String prefix, String columns) {
        return Arrays.stream(columns.split(", ")).map(column -> prefix + column.trim()).collect(Collectors.joining(", "));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
