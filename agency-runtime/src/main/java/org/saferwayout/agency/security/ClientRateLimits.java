package org.saferwayout.agency.security;

import org.saferwayout.agency.config.RequestLimitsProperties;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One token bucket per client: {@code burst} tokens, refilled at {@code perSecond}; each request takes one.
 * The buckets are bounded ({@code maxClients}, least recently seen forgotten first) so a flood of distinct
 * clients cannot exhaust memory; a forgotten client starts again with a full bucket.
 */
public final class ClientRateLimits {

    private final boolean enabled;
    private final long burst;
    private final long nanosPerToken;
    private final RateLimitClock clock;
    private final Map<String, Bucket> buckets;

    public ClientRateLimits(RequestLimitsProperties.Rate rate, RateLimitClock clock) {
        if (rate.burst() < 1 || rate.perSecond() < 1 || rate.maxClients() < 1) {
            throw new IllegalArgumentException("swo.limits.rate: burst, per-second and max-clients must be positive");
        }
        this.enabled = rate.enabled();
        this.burst = rate.burst();
        this.nanosPerToken = rate.timeForOneRequest().toNanos();
        this.clock = clock;
        int maxClients = rate.maxClients();
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /**
     * Takes one request from the client's bucket: empty if allowed, else how many whole seconds to wait
     * before the next request would be (the value of {@code Retry-After}).
     */
    public OptionalLong take(String client) {
        return take(client, true);
    }

    /** Whether the client's bucket is empty, without taking from it: how long to wait, as {@link #take}. */
    public OptionalLong waitBeforeNext(String client) {
        return take(client, false);
    }

    /**
     * Charges one request to the client's bucket after the fact, even when it is empty: the bucket goes into debt
     * (at most a full burst's worth), so requests that all looked before any was charged (sent in parallel) still
     * pay for each one. For limits that can only tell afterwards whether a request counts.
     */
    public void charge(String client) {
        if (!enabled) {
            return;
        }
        long now = clock.nanoTime();
        synchronized (buckets) {
            Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(now - burst * nanosPerToken));
            long earliest = now - burst * nanosPerToken;
            bucket.emptyAt = Math.min(Math.max(bucket.emptyAt, earliest) + nanosPerToken, now + burst * nanosPerToken);
        }
    }

    private OptionalLong take(String client, boolean consume) {
        if (!enabled) {
            return OptionalLong.empty();
        }
        long now = clock.nanoTime();
        synchronized (buckets) {
            Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(now - burst * nanosPerToken));
            // The bucket is the time at which it was empty; it holds (now - emptyAt) / nanosPerToken tokens.
            long earliest = now - burst * nanosPerToken;
            if (bucket.emptyAt < earliest) {
                bucket.emptyAt = earliest;
            }
            long next = bucket.emptyAt + nanosPerToken;
            if (next <= now) {
                if (consume) {
                    bucket.emptyAt = next;
                }
                return OptionalLong.empty();
            }
            long waitNanos = next - now;
            return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }

    int trackedClients() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private static final class Bucket {
        private long emptyAt;

        private Bucket(long emptyAt) {
            this.emptyAt = emptyAt;
        }
    }
}
