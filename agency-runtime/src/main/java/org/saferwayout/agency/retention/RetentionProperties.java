package org.saferwayout.agency.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Retention of personal data: erased once nothing has happened about a survivor here for {@code inactivity}
 * (default about seven years, 2,557 days, after HUD HMIS practice), checked every {@code sweep}.
 */
@ConfigurationProperties("swo.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("P2557D") Duration inactivity,
                                  @DefaultValue("PT1H") Duration sweep) {
}
