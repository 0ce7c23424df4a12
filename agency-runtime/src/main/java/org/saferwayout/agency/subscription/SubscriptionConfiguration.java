package org.saferwayout.agency.subscription;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Agency systems subscribe to the notifications addressed to their agency (ADR 012). The feed's processor
 * ({@code agency-notifications}, its source the exchange, set in {@code agency-runtime.yml}) starts before the
 * exchange's first event, like the intake: the feed holds every notification the agency was ever sent, so a
 * stream can be read from its start. It must keep one segment: the feed's order is the order it writes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SubscriptionProperties.class)
public class SubscriptionConfiguration {

    private static final TrackingToken BEFORE_THE_FIRST_EVENT = null;

    @Autowired
    void feedFromTheBeginning(EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessorConfiguration(AgencyNotifications.PROCESSING_GROUP,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(50)
                        .andInitialTrackingToken(source -> BEFORE_THE_FIRST_EVENT));
    }
}
