package org.saferwayout.agency.eventstore;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Evicts a pooled exchange connection once its database has gone away.
 *
 * <p>Hikari evicts only on SQL states of class 08 and a few vendor codes; H2 reports a restarted server
 * with its own states (90121 "database is already closed", 90067 "connection broken"). Hikari also skips
 * its liveness check for a connection used in the last 500 ms, which the exchange readers always do (they
 * poll every 50 ms), so without this the pool handed out the same dead connections for minutes after the
 * exchange store came back.
 */
public final class BrokenConnectionEviction implements SQLExceptionOverride {

    private static final String H2_DATABASE_CALLED_AT_SHUTDOWN = "90121";
    private static final String H2_CONNECTION_BROKEN = "90067";
    private static final String H2_DATABASE_IS_CLOSED = "90098";

    @java.lang.Override
    public Override adjudicate(SQLException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLNonTransientConnectionException) {
                return Override.MUST_EVICT;
            }
            if (cause instanceof SQLException sql && isBrokenConnection(sql.getSQLState())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }

    private static boolean isBrokenConnection(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals(H2_DATABASE_CALLED_AT_SHUTDOWN)
                || sqlState.equals(H2_CONNECTION_BROKEN) || sqlState.equals(H2_DATABASE_IS_CLOSED));
    }
}
