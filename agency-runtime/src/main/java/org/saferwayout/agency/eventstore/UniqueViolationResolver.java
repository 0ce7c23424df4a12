package org.saferwayout.agency.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

/**
 * Recognises a unique-key violation on both supported databases. Axon's code-based resolver reads
 * {@link SQLException#getErrorCode()}, which PostgreSQL leaves at 0; the SQL state {@code 23505} is what
 * both PostgreSQL and H2 report.
 */
public final class UniqueViolationResolver implements PersistenceExceptionResolver {

    public static final UniqueViolationResolver INSTANCE = new UniqueViolationResolver();

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolationResolver() {
    }

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
