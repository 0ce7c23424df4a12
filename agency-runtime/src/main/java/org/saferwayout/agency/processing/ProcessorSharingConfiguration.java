package org.saferwayout.agency.processing;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import javax.sql.DataSource;
import java.time.Clock;

/** Instances of one agency's service share its processors' segments (ADR 019); with one instance nothing moves. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ProcessorProperties.class)
public class ProcessorSharingConfiguration {

    @Bean
    public ProcessingInstances processingInstances(DataSource privateDataSource, Clock clock,
                                                   ProcessorProperties properties) {
        return new ProcessingInstances(privateDataSource, clock, properties.claimTimeout());
    }

    @Bean
    public SegmentSharing segmentSharing(EventProcessingConfiguration processing, TokenStore tokenStore,
                                         TransactionManager transactionManager, ProcessingInstances instances) {
        return new SegmentSharing(processing, tokenStore, transactionManager, instances);
    }
}
