package org.saferwayout.agency.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where this agency's read models live.
 *
 * @param mongoUri       a MongoDB URI (a replica set in real deployments); blank starts the embedded
 *                       stand-in (mongo-java-server with its H2 backend) inside this process
 * @param database       this agency's own database; no two agencies share one
 * @param embeddedFile   H2 file of the embedded stand-in; blank keeps it in memory (tests only)
 */
@ConfigurationProperties("swo.read-model")
public record ReadModelProperties(
        @DefaultValue("") String mongoUri,
        String database,
        @DefaultValue("") String embeddedFile) {
}
