package org.saferwayout.agency.eventstore;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.serialization.Serializer;
import org.saferwayout.agency.config.ExchangeProperties;
import org.saferwayout.agency.exchange.AxonServerExchangePublisher;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.keys.PersonalDataCipher;
import org.saferwayout.agency.keys.PersonalDataProtectingSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

/**
 * Profile {@code axonserver}: the exchange lives in an Axon Server context ({@code default} on Standard
 * Edition, any context on Enterprise) while the agency's private store stays on its own JDBC database.
 * {@code application-axonserver.yml} excludes {@code AxonServerBusAutoConfiguration}, so commands and
 * queries stay inside this process and Axon Server never becomes the aggregates' store.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Profile("axonserver")
public class AxonServerExchangeConfiguration {

    @Bean
    public AxonServerEventStore exchangeStore(AxonServerConfiguration axonServerConfiguration,
                                              AxonServerConnectionManager connectionManager,
                                              ExchangeProperties properties,
                                              Serializer serializer,
                                              PersonalDataCipher personalDataCipher,
                                              Configuration configuration) {
        return AxonServerEventStore.builder()
                .configuration(axonServerConfiguration)
                .platformConnectionManager(connectionManager)
                .defaultContext(properties.context())
                .snapshotSerializer(serializer)
                // Personal data is sealed for its recipient before it is stored (ADR 009).
                .eventSerializer(PersonalDataProtectingSerializer.forExchange(personalDataCipher))
                .snapshotFilter(configuration.snapshotFilter())
                .upcasterChain(configuration.upcasterChain())
                .messageMonitor(configuration.messageMonitor(AxonServerEventStore.class, "exchangeStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .build();
    }

    @Bean
    public ExchangePublisher exchangePublisher(AxonServerEventStore exchangeStore) {
        return new AxonServerExchangePublisher(exchangeStore);
    }
}
