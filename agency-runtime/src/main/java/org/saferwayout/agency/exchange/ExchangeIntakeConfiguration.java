package org.saferwayout.agency.exchange;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The exchange intake starts from the first event of the exchange, deliberately (AXON-NOTES, trap 6): an
 * agency that joins, or whose token store is reset, must still see every referral ever addressed to it.
 * Its handlers are idempotent, so reading history again changes nothing.
 */
@Configuration(proxyBeanMethods = false)
public class ExchangeIntakeConfiguration {

    public static final String EXCHANGE_INTAKE = "exchange-intake";

    @Autowired
    void startFromTheBeginning(EventProcessingConfigurer processing) {
        processing.registerPooledStreamingEventProcessorConfiguration(EXCHANGE_INTAKE,
                (configuration, builder) -> builder.initialToken(StreamableMessageSource::createTailToken));
    }
}
