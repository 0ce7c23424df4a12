package org.saferwayout.agency.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/** Limits applied to every request before any code reads it (ADR 017). */
@ConfigurationProperties("swo.limits")
public record RequestLimitsProperties(@DefaultValue("64KB") DataSize maxRequestBody,
                                      @DefaultValue Rate rate,
                                      @DefaultValue RefusedCredentials refusedCredentials) {

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

    /**
     * Per-address buckets for requests refused as unauthenticated (401): {@code burst} refusals, then
     * {@code perSecond}; beyond them the address is answered 429 before its token is read. Enabled and bounded
     * with {@link Rate}.
     */
    public record RefusedCredentials(@DefaultValue("100") int burst,
                                     @DefaultValue("20") int perSecond) {

        /** These buckets, switched on and bounded as the per-client ones are. */
        public Rate asRate(Rate perClient) {
            return new Rate(perClient.enabled(), burst, perSecond, perClient.maxClients());
        }
    }
}
