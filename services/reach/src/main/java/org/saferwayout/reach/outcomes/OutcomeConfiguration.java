package org.saferwayout.reach.outcomes;

import org.saferwayout.agency.portal.PortalLink;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutcomeReportProperties.class)
class OutcomeConfiguration {

    /** REACH's portal leads to the network dashboard. */
    @Bean
    PortalLink networkDashboardLink() {
        return new PortalLink("nav-dashboard", "Network dashboard", OutcomeDashboardPage.PATH);
    }
}
