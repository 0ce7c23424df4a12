package org.saferwayout.events;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a referral stands, after the HL7 Gravity referral Task's status. Both sides keep their own copy:
 * the requester's case and the recipient's incoming referral; each transition reaches the other side as a
 * {@link ReferralStatusChanged}.
 */
public enum ReferralStatus {
    REQUESTED,
    RECEIVED,
    ACCEPTED,
    DECLINED,
    IN_PROGRESS,
    ON_HOLD,
    COMPLETED,
    FAILED,
    CANCELLED,
    EXPIRED;

    private static final Set<ReferralStatus> FINAL = EnumSet.of(DECLINED, COMPLETED, FAILED, CANCELLED, EXPIRED);

    /** A final referral takes no further transition. */
    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Still waiting for the recipient to acknowledge it: the acknowledgement deadline runs. */
    public boolean awaitsAcknowledgement() {
        return this == REQUESTED;
    }
}
