package org.saferwayout.agency.subscription;

import org.saferwayout.events.AgencyId;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * An agency system's webhook: where this agency's notifications go, which kinds, and how far delivery got.
 *
 * @param eventTypes       the kinds delivered; empty means all
 * @param signingSecret    the HMAC key ({@code whsec_...}), shown to the subscriber once, at registration
 * @param deliveredThrough the feed position up to which every matching notification was delivered or dead-lettered
 * @param failedAttempts   failed attempts at the next notification so far
 * @param lastFailure      a fixed code ({@code HTTP 503}, {@code TIMEOUT}, {@code CONNECTION_FAILED}), never a message
 */
public record WebhookSubscription(String subscriptionId, AgencyId agency, URI callbackUrl,
                                  Set<NotificationType> eventTypes, String signingSecret, String registeredBy,
                                  Instant registeredAt, long deliveredThrough, int failedAttempts,
                                  Instant nextAttemptAt, String lastFailure) {
}
