package org.saferwayout.auditor;

import org.saferwayout.exchange.audit.ConnectionSource;
import picocli.CommandLine.Option;

import java.sql.DriverManager;

/** How to reach a live exchange database: H2 (the exchange-store process) or PostgreSQL. */
final class ExchangeConnection {

    @Option(names = "--jdbc-url", description = "the exchange database, e.g. jdbc:h2:tcp://127.0.0.1:9092/exchange;"
            + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE or jdbc:postgresql://host/exchange")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "swo", description = "database user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", defaultValue = "${env:SWO_EXCHANGE_PASSWORD:-swo-exchange}",
            description = "database password (default: $SWO_EXCHANGE_PASSWORD, else the embedded exchange's)")
    String password;

    ConnectionSource source() {
        return () -> DriverManager.getConnection(jdbcUrl, user, password);
    }
}
