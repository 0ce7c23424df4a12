package org.saferwayout.agency.eventstore;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * A handler that fails makes its processor retry the event (with Axon's back-off), never skip it. Axon's
 * default logs the failure and moves on: with the exchange down, the publisher then dropped every referral
 * made during the outage ({@code ExchangeStoreOutageTest}). A referral must wait, not vanish. Handlers that
 * may legitimately refuse an event (an answer to a referral never sent) catch that case themselves.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorFailureConfiguration {

    @Autowired
    void retryInsteadOfSkipping(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
