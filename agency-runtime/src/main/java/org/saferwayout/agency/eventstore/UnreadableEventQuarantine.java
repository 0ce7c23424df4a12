package org.saferwayout.agency.eventstore;

import com.fasterxml.jackson.core.JacksonException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.serialization.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;

/**
 * What a processor does when a handler fails. An event that cannot be read (a poison event: its stored form does
 * not deserialize, e.g. a value of the wrong type) would fail the same way forever and stop everything after it,
 * so it is set aside in {@code quarantined_event} (its id, type, handler and the failure's class, never its
 * content or the failure's message, which may quote the stored data) and the processor moves on. Every other
 * failure propagates, so the processor retries the event with back-off instead of skipping it: with the
 * exchange down, skipping dropped every referral made during the outage ({@code ExchangeStoreOutageTest}).
 */
public class UnreadableEventQuarantine implements ListenerInvocationErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(UnreadableEventQuarantine.class);

    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS quarantined_event (
              event_id VARCHAR(64) NOT NULL,
              handler VARCHAR(255) NOT NULL,
              payload_type VARCHAR(255),
              failure VARCHAR(255) NOT NULL,
              quarantined_at TIMESTAMP WITH TIME ZONE NOT NULL,
              PRIMARY KEY (event_id, handler))""";

    private final JdbcTemplate privateDatabase;
    private final Clock clock;

    public UnreadableEventQuarantine(DataSource privateDataSource, Clock clock) {
        this.privateDatabase = new JdbcTemplate(privateDataSource);
        this.clock = clock;
        privateDatabase.execute(CREATE_TABLE);
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler) throws Exception {
        if (!isUnreadable(exception)) {
            throw exception;
        }
        String handler = eventHandler.getTargetType().getName();
        String payloadType = payloadTypeOf(event);
        // In the processor's transaction: the event is set aside exactly when the token moves past it.
        privateDatabase.update("""
                INSERT INTO quarantined_event (event_id, handler, payload_type, failure, quarantined_at)
                SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM quarantined_event WHERE event_id = ? AND handler = ?)""",
                event.getIdentifier(), handler, payloadType, rootCause(exception).getClass().getName(),
                Timestamp.from(clock.instant()), event.getIdentifier(), handler);
        log.error("Quarantined unreadable event {} ({}) in {}: {}", event.getIdentifier(), payloadType, handler,
                rootCause(exception).getClass().getSimpleName());
    }

    /** How many events are set aside; for health and tests. */
    public long count() {
        Long count = privateDatabase.queryForObject("SELECT COUNT(*) FROM quarantined_event", Long.class);
        return count == null ? 0 : count;
    }

    static boolean isUnreadable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SerializationException || cause instanceof JacksonException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String payloadTypeOf(EventMessage<?> event) {
        try {
            return event.getPayloadType().getName();
        } catch (RuntimeException unknownType) {
            return null;
        }
    }
}
