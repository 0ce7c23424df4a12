package org.saferwayout.agency.referral.model;

import org.saferwayout.events.ReferralUrgency;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a recipient has to acknowledge a referral, by urgency (DESIGN: immediate 1 h, urgent 24 h,
 * routine 72 h by default). An unacknowledged referral escalates to the requester's supervisors when its
 * window ends, and expires when a second window passes without an answer: by then the survivor needs
 * another agency, and the requester can re-route.
 */
public record AcknowledgementDeadlines(Duration immediate, Duration urgent, Duration routine) {

    public static final AcknowledgementDeadlines DEFAULT =
            new AcknowledgementDeadlines(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(72));

    public Duration window(ReferralUrgency urgency) {
        return switch (urgency) {
            case IMMEDIATE -> immediate;
            case URGENT -> urgent;
            case ROUTINE -> routine;
        };
    }

    public Instant acknowledgeBy(Instant requestedAt, ReferralUrgency urgency) {
        return requestedAt.plus(window(urgency));
    }

    public Instant expiresAt(Instant requestedAt, ReferralUrgency urgency) {
        return requestedAt.plus(window(urgency).multipliedBy(2));
    }
}
