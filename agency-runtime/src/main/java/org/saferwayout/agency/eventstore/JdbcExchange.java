package org.saferwayout.agency.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.saferwayout.agency.config.ExchangeProperties;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;

/**
 * The exchange database: its own connection pool, transaction manager and storage engine, kept apart
 * from the private ones.
 *
 * <p>The connection provider is deliberately plain, not unit-of-work aware: wrapped, it would reuse the
 * private connection inside a unit of work and write integration events into the private database with
 * no error (AXON-NOTES, trap 3). {@code ExchangeStoreRoutingTest} checks where each event lands.
 */
public final class JdbcExchange implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final SpringTransactionManager transactionManager;
    private final EventSchema schema = new EventSchema();
    private final JdbcEventStorageEngine storageEngine;

    JdbcExchange(ExchangeProperties properties, Serializer serializer, Serializer eventSerializer,
                 EventUpcaster upcasterChain) {
        // Starts even while the exchange is down: readers retry with back-off and readiness reports it.
        this.dataSource = SharedDatabasePool.open("exchange", properties.jdbcUrl(), properties.username(),
                properties.password(), properties.maxPoolSize(), properties.connectionTimeout());
        this.transactionManager = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        this.storageEngine = JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactionManager)
                .schema(schema)
                .persistenceExceptionResolver(UniqueViolationResolver.INSTANCE)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(upcasterChain)
                .build();
    }

    public JdbcEventStorageEngine storageEngine() {
        return storageEngine;
    }

    public EventSchema schema() {
        return schema;
    }

    public SpringTransactionManager transactionManager() {
        return transactionManager;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Creates the exchange tables if missing; every agency may run it at once (IF NOT EXISTS). */
    public void createSchemaIfMissing() {
        transactionManager.executeInTransaction(() -> storageEngine.createSchema(PostgresEventTableFactory.INSTANCE));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
