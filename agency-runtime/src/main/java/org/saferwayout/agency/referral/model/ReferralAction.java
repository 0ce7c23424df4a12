package org.saferwayout.agency.referral.model;

import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static org.saferwayout.events.ReferralStatus.ACCEPTED;
import static org.saferwayout.events.ReferralStatus.CANCELLED;
import static org.saferwayout.events.ReferralStatus.COMPLETED;
import static org.saferwayout.events.ReferralStatus.DECLINED;
import static org.saferwayout.events.ReferralStatus.EXPIRED;
import static org.saferwayout.events.ReferralStatus.FAILED;
import static org.saferwayout.events.ReferralStatus.IN_PROGRESS;
import static org.saferwayout.events.ReferralStatus.ON_HOLD;
import static org.saferwayout.events.ReferralStatus.RECEIVED;
import static org.saferwayout.events.ReferralStatus.REQUESTED;
import static org.saferwayout.events.ReferralStatusReason.GOALS_MET;
import static org.saferwayout.events.ReferralStatusReason.GOALS_PARTIALLY_MET;
import static org.saferwayout.events.ReferralStatusReason.NOT_ACKNOWLEDGED_IN_TIME;
import static org.saferwayout.events.ReferralStatusReason.NOT_ELIGIBLE;
import static org.saferwayout.events.ReferralStatusReason.NO_CAPACITY;
import static org.saferwayout.events.ReferralStatusReason.NO_LONGER_NEEDED;
import static org.saferwayout.events.ReferralStatusReason.OTHER;
import static org.saferwayout.events.ReferralStatusReason.SAFETY_CONCERN;
import static org.saferwayout.events.ReferralStatusReason.SERVICE_NOT_OFFERED;
import static org.saferwayout.events.ReferralStatusReason.SURVIVOR_DECLINED;
import static org.saferwayout.events.ReferralStatusReason.SURVIVOR_UNREACHABLE;

/**
 * The referral lifecycle (DESIGN: closed-loop referral, after the HL7 Gravity referral Task) as one table:
 * who may take each action, from which statuses, to which status, and with which coded reasons. Both
 * aggregates (the requester's case and the recipient's incoming referral) decide with it, so the two
 * copies cannot disagree about what is allowed. Accepting or declining straight from {@code REQUESTED}
 * acknowledges the referral too; {@code START} from {@code ON_HOLD} resumes it.
 */
public enum ReferralAction {

    CANCEL(ReferralSide.REQUESTER, CANCELLED, EnumSet.of(REQUESTED, RECEIVED, ACCEPTED, IN_PROGRESS, ON_HOLD),
            EnumSet.of(NO_LONGER_NEEDED, SURVIVOR_DECLINED, SURVIVOR_UNREACHABLE, SAFETY_CONCERN, OTHER)),
    /** Taken by the requester's acknowledgement deadline, never through the API. */
    EXPIRE(ReferralSide.REQUESTER, EXPIRED, EnumSet.of(REQUESTED), EnumSet.of(NOT_ACKNOWLEDGED_IN_TIME)),
    RECEIVE(ReferralSide.RECIPIENT, RECEIVED, EnumSet.of(REQUESTED), EnumSet.noneOf(ReferralStatusReason.class)),
    ACCEPT(ReferralSide.RECIPIENT, ACCEPTED, EnumSet.of(REQUESTED, RECEIVED), EnumSet.noneOf(ReferralStatusReason.class)),
    DECLINE(ReferralSide.RECIPIENT, DECLINED, EnumSet.of(REQUESTED, RECEIVED),
            EnumSet.of(NO_CAPACITY, NOT_ELIGIBLE, SERVICE_NOT_OFFERED, SURVIVOR_DECLINED, SAFETY_CONCERN, OTHER)),
    START(ReferralSide.RECIPIENT, IN_PROGRESS, EnumSet.of(ACCEPTED, ON_HOLD), EnumSet.noneOf(ReferralStatusReason.class)),
    HOLD(ReferralSide.RECIPIENT, ON_HOLD, EnumSet.of(ACCEPTED, IN_PROGRESS),
            EnumSet.of(NO_CAPACITY, SURVIVOR_UNREACHABLE, SAFETY_CONCERN, OTHER)),
    COMPLETE(ReferralSide.RECIPIENT, COMPLETED, EnumSet.of(IN_PROGRESS), EnumSet.of(GOALS_MET, GOALS_PARTIALLY_MET, OTHER)),
    FAIL(ReferralSide.RECIPIENT, FAILED, EnumSet.of(ACCEPTED, IN_PROGRESS, ON_HOLD),
            EnumSet.of(SURVIVOR_UNREACHABLE, SURVIVOR_DECLINED, NOT_ELIGIBLE, NO_CAPACITY, SAFETY_CONCERN, OTHER));

    private final ReferralSide side;
    private final ReferralStatus result;
    private final Set<ReferralStatus> allowedFrom;
    /** Empty: the action takes no reason. Otherwise a reason from this set is required. */
    private final Set<ReferralStatusReason> reasons;

    ReferralAction(ReferralSide side, ReferralStatus result, Set<ReferralStatus> allowedFrom,
                   Set<ReferralStatusReason> reasons) {
        this.side = side;
        this.result = result;
        this.allowedFrom = allowedFrom;
        this.reasons = reasons;
    }

    public ReferralSide side() {
        return side;
    }

    public ReferralStatus result() {
        return result;
    }

    public boolean allowedFrom(ReferralStatus status) {
        return allowedFrom.contains(status);
    }

    public Set<ReferralStatusReason> reasons() {
        return reasons;
    }

    /** The action that leads to a status, to apply the other side's transitions to this side's copy. */
    public static Optional<ReferralAction> leadingTo(ReferralStatus status) {
        return Arrays.stream(values()).filter(action -> action.result == status).findFirst();
    }

    /**
     * Checks that {@code side} may take this action on a referral in {@code current}, with {@code reason};
     * refuses with a named rule otherwise. {@code REROUTED} is set only by a re-route, never by a caller.
     */
    public void requireAllowed(ReferralSide actingSide, ReferralStatus current, ReferralStatusReason reason) {
        if (actingSide != side) {
            throw new DomainRuleViolation("referral-action-not-for-this-side", side == ReferralSide.REQUESTER
                    ? "Only the requesting agency may take this action on a referral."
                    : "Only the recipient agency may take this action on a referral.");
        }
        if (!allowedFrom(current)) {
            throw new DomainRuleViolation("referral-transition-not-allowed",
                    "This action is not allowed in the referral's current status.");
        }
        if (reasons.isEmpty() ? reason != null : reason == null || !reasons.contains(reason)) {
            throw new DomainRuleViolation("referral-reason-invalid", reasons.isEmpty()
                    ? "This action takes no reason."
                    : "This action needs one of its coded reasons.");
        }
    }
}
