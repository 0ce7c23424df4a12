package org.saferwayout.agency.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/** Limits applied to every request before any code reads it (ADR 017). */
@ConfigurationProperties("swo.limits")
public record RequestLimitsProperties(@DefaultValue("64KB") DataSize maxRequestBody,
                                      @DefaultValue Rate rate) {

    /**
     * Per-client token buckets: a client may send {@code burst} requests at once, then {@code perSecond} a
     * second. At most {@code maxClients} buckets are kept; the least recently seen client is forgotten first.
     */
    public record Rate(@DefaultValue("true") boolean enabled,
                       @DefaultValue("600") int burst,
                       @DefaultValue("200") int perSecond,
                       @DefaultValue("100000") int maxClients) {

        public Duration timeForOneRequest() {
            return Duration.ofNanos(1_000_000_000L / perSecond);
        }
    }
}
