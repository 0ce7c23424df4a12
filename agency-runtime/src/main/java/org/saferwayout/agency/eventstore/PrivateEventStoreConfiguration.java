package org.saferwayout.agency.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.serialization.Serializer;
import org.saferwayout.agency.processing.ProcessingInstances;
import org.saferwayout.agency.processing.ProcessorProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;


/**
 * The agency's private event store: where its aggregates live, readable by no other agency.
 *
 * <p>It must be the {@code @Primary} event store. Without it the exchange would become the only store and
 * aggregates would silently write private events into the shared exchange (AXON-NOTES, trap 1). It uses
 * Spring Boot's own {@code spring.datasource} (an H2 file by default, PostgreSQL by URL), Axon's
 * unit-of-work-aware connection provider and the primary transaction manager, so aggregate events and
 * processor tokens commit in one private transaction.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class PrivateEventStoreConfiguration {

    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 Configuration configuration) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(UniqueViolationResolver.INSTANCE)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .build();
        // The PostgreSQL DDL works on PostgreSQL and on H2 in MODE=PostgreSQL (Axon's HSQL DDL fails on H2 2.3).
        transactionManager.executeInTransaction(() -> engine.createSchema(PostgresEventTableFactory.INSTANCE));
        return engine;
    }

    @Bean
    @Primary
    public EmbeddedEventStore eventStore(EventStorageEngine eventStorageEngine, Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(eventStorageEngine)
                // Local processors are woken on publish; this bounds the wait when a wake-up is missed.
                .fetchDelay(50)
                .timeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .messageMonitor(configuration.messageMonitor(EmbeddedEventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(org.axonframework.eventhandling.EventBusSpanFactory.class))
                .build();
    }

    /** Tokens of every processor, those reading the exchange included, live in the private database. */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider,
                                 TransactionManager transactionManager,
                                 Serializer serializer,
                                 ProcessorProperties processors) {
        JdbcTokenStore tokenStore = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(new TokenSchema())
                .serializer(serializer)
                // Instances of this service share segments through these claims (ADR 019).
                .nodeId(ProcessingInstances.THIS_INSTANCE)
                .claimTimeout(processors.claimTimeout())
                .build();
        transactionManager.executeInTransaction(() -> tokenStore.createSchema(PostgresTokenTableFactory.INSTANCE));
        return tokenStore;
    }
}
