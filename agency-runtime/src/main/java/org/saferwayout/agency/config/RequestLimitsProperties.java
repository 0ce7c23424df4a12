package org.saferwayout.agency.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Limits applied to every request before any code reads it. */
@ConfigurationProperties("swo.limits")
public record RequestLimitsProperties(@DefaultValue("64KB") DataSize maxRequestBody) {
}
