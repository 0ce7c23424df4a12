package org.saferwayout.agency.security;

import org.junit.jupiter.api.Test;
import org.saferwayout.agency.config.RequestLimitsProperties;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token buckets on a clock the test moves. */
class ClientRateLimitsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);

    private ClientRateLimits buckets(int burst, int perSecond, int maxClients) {
        return new ClientRateLimits(new RequestLimitsProperties.Rate(true, burst, perSecond, maxClients), now::get);
    }

    private static int allowedInARow(ClientRateLimits limits, String client, int atMost) {
        int allowed = 0;
        while (allowed < atMost && limits.take(client).isEmpty()) {
            allowed++;
        }
        return allowed;
    }

    @Test
    void aNewClientMaySendItsBurstAtOnceAndNoMore() {
        ClientRateLimits limits = buckets(600, 200, 10);
        assertThat(allowedInARow(limits, "a", 10_000)).isEqualTo(600);
        assertThat(limits.take("a")).isPresent();
    }

    @Test
    void lookingAtABucketTakesNothingFromIt() {
        ClientRateLimits limits = buckets(3, 1, 10);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.waitBeforeNext("a")).isEmpty();
        }
        assertThat(allowedInARow(limits, "a", 10)).isEqualTo(3);
        assertThat(limits.waitBeforeNext("a")).hasValue(1);
        now.addAndGet(SECOND);
        assertThat(limits.waitBeforeNext("a")).isEmpty();
    }

    @Test
    void chargingAnEmptyBucketPutsItInDebtUpToOneBurst() {
        ClientRateLimits limits = buckets(3, 1, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(limits.waitBeforeNext("a")).isEmpty();
            limits.charge("a");
        }
        assertThat(limits.waitBeforeNext("a")).hasValue(1);
        // Two more refusals that had looked before the bucket emptied (sent in parallel) still count.
        limits.charge("a");
        limits.charge("a");
        assertThat(limits.waitBeforeNext("a")).hasValue(3);
        for (int i = 0; i < 10; i++) {
            limits.charge("a");
        }
        assertThat(limits.waitBeforeNext("a")).as("debt is capped at one burst").hasValue(4);
        now.addAndGet(4 * SECOND);
        assertThat(limits.waitBeforeNext("a")).isEmpty();
    }

    @Test
    void theBucketRefillsAtTheSteadyRate() {
        ClientRateLimits limits = buckets(10, 5, 10);
        allowedInARow(limits, "a", 100);
        now.addAndGet(SECOND);
        assertThat(allowedInARow(limits, "a", 100)).isEqualTo(5);
        now.addAndGet(SECOND / 5 - 1);
        assertThat(limits.take("a")).isPresent();
        now.addAndGet(1);
        assertThat(limits.take("a")).isEmpty();
    }

    @Test
    void anIdleClientNeverSavesMoreThanItsBurst() {
        ClientRateLimits limits = buckets(10, 5, 10);
        allowedInARow(limits, "a", 100);
        now.addAndGet(3_600 * SECOND);
        assertThat(allowedInARow(limits, "a", 100)).isEqualTo(10);
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextTokenRoundedUp() {
        ClientRateLimits limits = buckets(1, 1, 10);
        assertThat(limits.take("a")).isEmpty();
        assertThat(limits.take("a")).isEqualTo(OptionalLong.of(1));
        ClientRateLimits slow = buckets(2, 1, 10);
        allowedInARow(slow, "b", 10);
        now.addAndGet(SECOND / 2);
        // Half a second to the next token: still "1", never "0" (which would invite an immediate retry).
        assertThat(slow.take("b")).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void eachClientHasItsOwnBucket() {
        ClientRateLimits limits = buckets(3, 1, 10);
        assertThat(allowedInARow(limits, "a", 100)).isEqualTo(3);
        assertThat(allowedInARow(limits, "b", 100)).isEqualTo(3);
    }

    @Test
    void onlyTheMostRecentlySeenClientsAreTracked() {
        ClientRateLimits limits = buckets(1, 1, 2);
        limits.take("a");
        limits.take("b");
        limits.take("a");
        limits.take("c");
        assertThat(limits.trackedClients()).isEqualTo(2);
        // "b" was the least recently seen, so it was forgotten and starts again with a full bucket; "a" was not.
        assertThat(limits.take("b")).isEmpty();
        assertThat(limits.take("c")).isPresent();
    }

    @Test
    void aDisabledLimitAllowsEverything() {
        ClientRateLimits limits = new ClientRateLimits(new RequestLimitsProperties.Rate(false, 1, 1, 1), now::get);
        assertThat(allowedInARow(limits, "a", 1_000)).isEqualTo(1_000);
    }

    @Test
    void nonsenseLimitsAreRefusedAtStartUp() {
        assertThatThrownBy(() -> buckets(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> buckets(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
