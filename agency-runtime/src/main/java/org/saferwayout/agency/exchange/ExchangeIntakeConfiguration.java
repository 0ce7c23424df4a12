package org.saferwayout.agency.exchange;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The exchange intake starts from the first event of the exchange, deliberately (AXON-NOTES, trap 6): an
 * agency that joins, or whose token store is reset, must still see every referral ever addressed to it.
 * Its handlers are idempotent, so reading history again changes nothing. The start is given as a null
 * token ("before the first event") rather than asked of the exchange, so that a service starts, and its
 * other processors run, while the exchange is still unreachable.
 */
@Configuration(proxyBeanMethods = false)
public class ExchangeIntakeConfiguration {

    public static final String EXCHANGE_INTAKE = "exchange-intake";
    private static final TrackingToken BEFORE_THE_FIRST_EVENT = null;

    @Autowired
    void startFromTheBeginning(EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessorConfiguration(EXCHANGE_INTAKE,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(50)
                        .andInitialTrackingToken(source -> BEFORE_THE_FIRST_EVENT));
    }
}
