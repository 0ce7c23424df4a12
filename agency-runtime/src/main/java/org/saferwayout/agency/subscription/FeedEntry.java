package org.saferwayout.agency.subscription;

import org.saferwayout.events.AgencyId;

import java.time.Instant;

/**
 * One notification in this agency's feed, at its position ({@code sequence}, increasing, never reused).
 *
 * @param eventId the integration event's stable id: the CloudEvent id, the same however often it is delivered
 * @param subject the referral, consent, disclosure or erasure it is about
 * @param data    JSON of ids, codes and states only (see {@link NotificationContent})
 */
public record FeedEntry(long sequence, String eventId, NotificationType type, AgencyId sourceAgency, String subject,
                        Instant occurredAt, String data) {
}
