package org.saferwayout.agency.referral;

import org.saferwayout.agency.referral.model.AcknowledgementDeadlines;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Referral settings: the acknowledgement windows by urgency (the same across the network). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReferralConfiguration.AcknowledgementWindows.class)
public class ReferralConfiguration {

    @ConfigurationProperties("swo.referral.acknowledgement")
    public record AcknowledgementWindows(@DefaultValue("PT1H") Duration immediate,
                                         @DefaultValue("PT24H") Duration urgent,
                                         @DefaultValue("PT72H") Duration routine) {
    }

    /** Injected into the case aggregate's command and deadline handlers. */
    @Bean
    public AcknowledgementDeadlines acknowledgementDeadlines(AcknowledgementWindows windows) {
        return new AcknowledgementDeadlines(windows.immediate(), windows.urgent(), windows.routine());
    }
}
