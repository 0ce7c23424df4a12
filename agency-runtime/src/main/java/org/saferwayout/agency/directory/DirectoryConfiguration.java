package org.saferwayout.agency.directory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The network directory, read and checked once at start-up: a faulty file stops the service from starting. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DirectoryProperties.class)
public class DirectoryConfiguration {

    @Bean
    public NetworkDirectory networkDirectory(DirectoryProperties properties) {
        return NetworkDirectory.load(properties.location());
    }
}
