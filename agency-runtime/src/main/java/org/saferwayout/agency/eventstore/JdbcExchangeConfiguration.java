package org.saferwayout.agency.eventstore;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.Serializer;
import org.saferwayout.agency.config.ExchangeProperties;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.exchange.JdbcExchangePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.saferwayout.agency.keys.PersonalDataCipher;
import org.saferwayout.agency.keys.PersonalDataProtectingSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

import java.util.concurrent.TimeUnit;

/**
 * The network exchange on Axon's JDBC storage engine (the embedded exchange-store process's H2 database,
 * or PostgreSQL). Nothing here is a {@code DataSource}, {@code PlatformTransactionManager} or
 * {@code EventStorageEngine} bean: declaring one would turn off Spring Boot's private data source or let
 * Axon pick the exchange as the aggregates' store (AXON-NOTES, traps 1 and 2).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Profile("!axonserver")
public class JdbcExchangeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JdbcExchangeConfiguration.class);

    @Bean(destroyMethod = "close")
    public JdbcExchange jdbcExchange(ExchangeProperties properties,
                                     Serializer serializer,
                                     PersonalDataCipher personalDataCipher,
                                     Configuration configuration) {
        // Personal data is sealed for its recipient before it is stored (ADR 009); the private store keeps plain JSON.
        JdbcExchange exchange = new JdbcExchange(properties, serializer,
                PersonalDataProtectingSerializer.forExchange(personalDataCipher), configuration.upcasterChain());
        try {
            exchange.createSchemaIfMissing();
        } catch (RuntimeException unreachable) {
            // The exchange may start after us; its own process (or an operator, on PostgreSQL) creates the tables.
            log.warn("Exchange tables could not be checked at start-up ({}); readers will retry",
                    unreachable.getClass().getSimpleName());
        }
        return exchange;
    }

    @Bean
    public EmbeddedEventStore exchangeStore(JdbcExchange jdbcExchange,
                                            ExchangeProperties properties,
                                            Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(jdbcExchange.storageEngine())
                .fetchDelay(properties.fetchDelay().toMillis())
                .timeUnit(TimeUnit.MILLISECONDS)
                .messageMonitor(configuration.messageMonitor(EmbeddedEventStore.class, "exchangeStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .build();
    }

    @Bean
    public ExchangePublisher exchangePublisher(JdbcExchange jdbcExchange) {
        return new JdbcExchangePublisher(jdbcExchange);
    }
}
