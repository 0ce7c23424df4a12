package org.saferwayout.agency.exchange;

import org.saferwayout.agency.eventstore.JdbcExchange;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.sql.Connection;

/** Readiness depends on reaching the exchange: without it no referral can leave or arrive. */
@Component("exchange")
@Profile("!axonserver")
class ExchangeHealthIndicator extends AbstractHealthIndicator {

    private final JdbcExchange exchange;

    ExchangeHealthIndicator(JdbcExchange exchange) {
        super("exchange unreachable");
        this.exchange = exchange;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection connection = exchange.dataSource().getConnection()) {
            builder.status(connection.isValid(2) ? "UP" : "DOWN");
        }
    }
}
