package org.saferwayout.agency.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The network exchange: the one event store shared by all agencies (JDBC by default; see the
 * {@code axonserver} profile for Axon Server).
 *
 * @param jdbcUrl     exchange database, e.g. {@code jdbc:h2:tcp://127.0.0.1:9092/exchange;MODE=PostgreSQL}
 *                    (the embedded exchange-store process) or {@code jdbc:postgresql://host/exchange}
 * @param fetchDelay  how long an idle exchange reader waits before polling again: this is the floor of
 *                    cross-agency latency (Axon's default of 1 s is too slow for a bed tonight)
 * @param batchSize   events fetched per poll
 * @param context     Axon Server context of the exchange (Standard Edition has only {@code default})
 * @param connectionTimeout how long a reader, writer or health check waits for an exchange connection: short,
 *                    so that an outage shows at once in readiness and readers retry instead of hanging
 */
@Validated
@ConfigurationProperties("swo.exchange")
public record ExchangeProperties(
        @NotBlank String jdbcUrl,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @NotNull @DefaultValue("50ms") Duration fetchDelay,
        @DefaultValue("100") int batchSize,
        @DefaultValue("4") int maxPoolSize,
        @DefaultValue("default") String context,
        @NotNull @DefaultValue("5s") Duration connectionTimeout) {
}
