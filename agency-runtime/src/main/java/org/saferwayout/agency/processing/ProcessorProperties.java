package org.saferwayout.agency.processing;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How this agency's event processors share their work between instances of the service (ADR 019).
 *
 * @param segments       segments (and threads) of every shareable processor, read by {@code agency-runtime.yml};
 *                       raise it to run more than one instance: a tracking processor's thread works one segment
 * @param claimTimeout   how long a segment's claim lasts without being renewed: after a crash the surviving
 *                       instances take the dead one's segments over once this has passed
 * @param sharingInterval how often an instance says it is alive and gives away segments beyond its fair share
 */
@Validated
@ConfigurationProperties("swo.processors")
public record ProcessorProperties(
        @Min(1) @DefaultValue("1") int segments,
        @NotNull @DefaultValue("10s") Duration claimTimeout,
        @NotNull @DefaultValue("5s") Duration sharingInterval) {
}
