package org.saferwayout.agency.audit;

import io.micrometer.core.instrument.MeterRegistry;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.exchange.audit.CheckpointWitness;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.EnableScheduling;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Base64;

/**
 * Every agency service witnesses the JDBC exchange's log (ADR 013): it reads the checkpoint tables over its exchange
 * connection and keeps what it accepts in its private database. Under the {@code axonserver} profile there are no
 * such tables, so no witness.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!axonserver")
@EnableScheduling
@EnableConfigurationProperties(AuditProperties.class)
public class ExchangeWitnessConfiguration {

    @Bean
    public WitnessLedger witnessLedger(DataSource privateDatabase, AgencyProperties agency) {
        return new WitnessLedger(privateDatabase, agency.id().code());
    }

    @Bean
    public ExchangeWitness exchangeWitness(JdbcExchange exchange, WitnessLedger ledger, AuditProperties properties,
                                           MeterRegistry meters, Clock clock) {
        byte[] operatorKey = properties.operatorPublicKey().isBlank() ? null
                : Base64.getDecoder().decode(properties.operatorPublicKey().trim());
        DataSource exchangeDatabase = exchange.dataSource();
        return new ExchangeWitness(new CheckpointWitness(exchangeDatabase::getConnection, ledger, operatorKey, clock,
                properties.checkpointsPerRound()), meters, clock);
    }

    /** Health component {@code exchangeWitness}. */
    @Bean
    ExchangeWitnessHealthIndicator exchangeWitnessHealthIndicator(ExchangeWitness witness) {
        return new ExchangeWitnessHealthIndicator(witness);
    }
}
