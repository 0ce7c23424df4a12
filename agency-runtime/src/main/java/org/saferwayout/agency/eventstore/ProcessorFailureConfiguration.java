package org.saferwayout.agency.eventstore;

import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

/** Every processor's handler failures go to {@link UnreadableEventQuarantine}: retry, or set a poison event aside. */
@Configuration(proxyBeanMethods = false)
public class ProcessorFailureConfiguration {

    @Bean
    public static UnreadableEventQuarantine unreadableEventQuarantine(DataSource privateDataSource, Clock clock) {
        return new UnreadableEventQuarantine(privateDataSource, clock);
    }

    @Autowired
    void retryOrQuarantine(EventProcessingConfigurer processing, UnreadableEventQuarantine quarantine) {
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> quarantine);
    }
}
