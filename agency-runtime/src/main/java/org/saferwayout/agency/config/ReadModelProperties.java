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
 * @param embeddedPort   loopback port of the embedded stand-in; 0 picks a free one. A fixed port lets an operator
 *                       (or the fault suite, ADR 016) read the read models with any MongoDB client
 */
@ConfigurationProperties("swo.read-model")
public record ReadModelProperties(
        @DefaultValue("") String mongoUri,
        String database,
        @DefaultValue("") String embeddedFile,
        @DefaultValue("0") int embeddedPort) {
}
