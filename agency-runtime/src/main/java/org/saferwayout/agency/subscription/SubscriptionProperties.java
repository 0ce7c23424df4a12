package org.saferwayout.agency.subscription;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How notifications reach agency systems (ADR 012).
 *
 * @param maxAttempts      attempts at one notification before it is dead-lettered and the subscription moves on;
 *                         20 with the default back-off rides out an agency system down for about an hour (2 h at most)
 * @param initialBackoff   the first retry waits up to this long; each further one up to twice as long (full jitter)
 * @param maxBackoff       the longest wait between two attempts
 * @param pollInterval     how often the webhook worker and the streams look for new notifications
 * @param connectTimeout   how long a delivery waits to connect to a callback
 * @param requestTimeout   how long a delivery waits for the callback's answer
 * @param deliveryThreads  subscriptions delivered at once (each one strictly in order)
 * @param streamTimeout    an open event stream is closed after this long; the client reconnects with its last id
 * @param streamHeartbeat  a comment line is sent on an idle stream this often, so proxies keep it open
 */
@Validated
@ConfigurationProperties("swo.subscriptions")
public record SubscriptionProperties(
        @Min(1) @Max(100) @DefaultValue("20") int maxAttempts,
        @NotNull @DefaultValue("1s") Duration initialBackoff,
        @NotNull @DefaultValue("10m") Duration maxBackoff,
        @NotNull @DefaultValue("250ms") Duration pollInterval,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @Min(1) @Max(64) @DefaultValue("4") int deliveryThreads,
        @NotNull @DefaultValue("30m") Duration streamTimeout,
        @NotNull @DefaultValue("15s") Duration streamHeartbeat) {
}
