package org.saferwayout.agency.eventstore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Duration;

/**
 * A connection pool to a database that another process serves and every agency shares (the exchange, the
 * network key store): it starts while that database is down, evicts connections a restart broke
 * ({@link BrokenConnectionEviction}) and waits at most {@code connectionTimeout} for a connection, so an
 * outage shows at once and callers retry instead of hanging.
 */
public final class SharedDatabasePool {

    private SharedDatabasePool() {
    }

    public static HikariDataSource open(String poolName, String jdbcUrl, String username, String password,
                                        int maximumPoolSize, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maximumPoolSize);
        config.setInitializationFailTimeout(-1);
        config.setExceptionOverride(new BrokenConnectionEviction());
        config.setConnectionTimeout(connectionTimeout.toMillis());
        return new HikariDataSource(config);
    }
}
