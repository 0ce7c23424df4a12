package org.saferwayout.network.tests;

import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.exchange.AxonServerExchangePublisher;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.alert.AlertApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under the {@code axonserver} profile the exchange is an Axon Server event store while aggregates keep
 * the private JDBC store, and commands are not routed through Axon Server. No Axon Server runs here, so
 * this checks the wiring only (the connector retries in the background).
 */
@SpringBootTest(classes = AlertApplication.class, webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        "swo.data-dir=target/axonserver-wiring",
        "spring.datasource.url=jdbc:h2:mem:axonserver-wiring;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "swo.read-model.embedded-file=",
        "axon.axonserver.servers=127.0.0.1:1",
        "swo.exchange.jdbc-url=jdbc:h2:mem:unused",
        "swo.keys.jdbc-url=jdbc:h2:mem:axonserver-wiring-keys;MODE=PostgreSQL;DB_CLOSE_DELAY=-1"})
@ActiveProfiles("axonserver")
class AxonServerProfileWiringTest {

    @Autowired
    @Qualifier("exchangeStore")
    EventStore exchangeStore;

    @Autowired
    EventStore primaryEventStore;

    @Autowired
    CommandBus commandBus;

    @Autowired
    ExchangePublisher exchangePublisher;

    @Test
    void exchangeIsOnAxonServerWhileAggregatesKeepThePrivateJdbcStore() {
        assertThat(exchangeStore).isInstanceOf(AxonServerEventStore.class);
        assertThat(primaryEventStore).isInstanceOf(EmbeddedEventStore.class).isNotSameAs(exchangeStore);
        assertThat(commandBus).isNotInstanceOf(AxonServerCommandBus.class);
        assertThat(exchangePublisher).isInstanceOf(AxonServerExchangePublisher.class);
    }
}
