package org.saferwayout.agency.consent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Duration;

/**
 * Consent settings of this agency. Consents expire on time through Axon's deadline manager, which is
 * durable: Axon's {@code DbSchedulerDeadlineManager} over db-scheduler's table in the private database
 * (see DeadlineSchedulerSchema); the periodic sweep in ConsentLifecycle stays as a second line.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ConsentConfiguration.ConsentProperties.class)
public class ConsentConfiguration {

    /** @param defaultTerm how long a consent lasts when the form names no end (every consent is time-limited) */
    @ConfigurationProperties("swo.consent")
    public record ConsentProperties(@DefaultValue("P90D") Duration defaultTerm) {
    }
}
