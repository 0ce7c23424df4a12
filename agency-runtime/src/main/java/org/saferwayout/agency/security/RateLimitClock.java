package org.saferwayout.agency.security;

/**
 * The time the rate limits count by, in nanoseconds from an arbitrary origin ({@link System#nanoTime()} unless a
 * context defines a bean of this type). Tests of the limits stop it, so a slow machine cannot refill a bucket
 * between the requests they count.
 */
@FunctionalInterface
public interface RateLimitClock {

    RateLimitClock SYSTEM = System::nanoTime;

    long nanoTime();
}
