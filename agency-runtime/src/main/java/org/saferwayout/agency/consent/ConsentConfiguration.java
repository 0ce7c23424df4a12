package org.saferwayout.agency.consent;

import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Duration;

/** Consent settings of this agency, and the deadline manager that expires consents on time. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ConsentConfiguration.ConsentProperties.class)
public class ConsentConfiguration {

    /** @param defaultTerm how long a consent lasts when the form names no end (every consent is time-limited) */
    @ConfigurationProperties("swo.consent")
    public record ConsentProperties(@DefaultValue("P90D") Duration defaultTerm) {
    }

    @Bean
    @ConditionalOnMissingBean
    public DeadlineManager deadlineManager(Configuration configuration) {
        return SimpleDeadlineManager.builder().scopeAwareProvider(configuration.scopeAwareProvider()).build();
    }
}
