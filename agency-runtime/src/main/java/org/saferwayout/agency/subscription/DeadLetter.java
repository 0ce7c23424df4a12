package org.saferwayout.agency.subscription;

import java.time.Instant;

/**
 * A notification a subscription gave up on after its attempts; kept until it is redelivered or the
 * subscription is deleted. {@code redeliveryRequested} while the agency has asked for it again.
 */
public record DeadLetter(String subscriptionId, long sequence, int attempts, String lastFailure,
                         Instant deadLetteredAt, boolean redeliveryRequested, Instant nextAttemptAt) {
}
