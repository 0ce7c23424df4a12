package org.saferwayout.reach.outcomes;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutcomeReportProperties.class)
class OutcomeConfiguration {
}
