package org.saferwayout.agency.referral.model;

import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.saferwayout.events.ReferralStatus.ACCEPTED;
import static org.saferwayout.events.ReferralStatus.IN_PROGRESS;
import static org.saferwayout.events.ReferralStatus.ON_HOLD;
import static org.saferwayout.events.ReferralStatus.RECEIVED;
import static org.saferwayout.events.ReferralStatus.REQUESTED;

/**
 * The referral lifecycle as the tests expect it (DESIGN: closed-loop referral), written out by hand and
 * independently of {@link ReferralAction}'s table, for the aggregate and the API matrix tests.
 */
public final class ExpectedReferralLifecycle {

    /** Allowed statuses per action; the side comes from {@link #REQUESTER_ACTIONS}. */
    public static final Map<ReferralAction, Set<ReferralStatus>> ALLOWED = Map.ofEntries(
            entry(ReferralAction.CANCEL, Set.of(REQUESTED, RECEIVED, ACCEPTED, IN_PROGRESS, ON_HOLD)),
            entry(ReferralAction.EXPIRE, Set.of()),   // never by a caller: the deadline does it
            entry(ReferralAction.RECEIVE, Set.of(REQUESTED)),
            entry(ReferralAction.ACCEPT, Set.of(REQUESTED, RECEIVED)),
            entry(ReferralAction.DECLINE, Set.of(REQUESTED, RECEIVED)),
            entry(ReferralAction.START, Set.of(ACCEPTED, ON_HOLD)),
            entry(ReferralAction.HOLD, Set.of(ACCEPTED, IN_PROGRESS)),
            entry(ReferralAction.COMPLETE, Set.of(IN_PROGRESS)),
            entry(ReferralAction.FAIL, Set.of(ACCEPTED, IN_PROGRESS, ON_HOLD)));

    public static final Set<ReferralAction> REQUESTER_ACTIONS = Set.of(ReferralAction.CANCEL, ReferralAction.EXPIRE);

    /** A reason each action accepts (null: it takes none). */
    public static final Map<ReferralAction, ReferralStatusReason> VALID_REASON = Map.of(
            ReferralAction.CANCEL, ReferralStatusReason.NO_LONGER_NEEDED,
            ReferralAction.EXPIRE, ReferralStatusReason.NOT_ACKNOWLEDGED_IN_TIME,
            ReferralAction.DECLINE, ReferralStatusReason.NO_CAPACITY,
            ReferralAction.HOLD, ReferralStatusReason.SURVIVOR_UNREACHABLE,
            ReferralAction.COMPLETE, ReferralStatusReason.GOALS_MET,
            ReferralAction.FAIL, ReferralStatusReason.SURVIVOR_UNREACHABLE);

    /** The recipient's own actions that bring a new referral to each status it can reach by itself. */
    public static final Map<ReferralStatus, List<ReferralAction>> RECIPIENT_PATH = Map.of(
            REQUESTED, List.of(),
            RECEIVED, List.of(ReferralAction.RECEIVE),
            ACCEPTED, List.of(ReferralAction.ACCEPT),
            ReferralStatus.DECLINED, List.of(ReferralAction.DECLINE),
            IN_PROGRESS, List.of(ReferralAction.ACCEPT, ReferralAction.START),
            ON_HOLD, List.of(ReferralAction.ACCEPT, ReferralAction.HOLD),
            ReferralStatus.COMPLETED, List.of(ReferralAction.ACCEPT, ReferralAction.START, ReferralAction.COMPLETE),
            ReferralStatus.FAILED, List.of(ReferralAction.ACCEPT, ReferralAction.FAIL));

    public static boolean isAllowed(ReferralSide side, ReferralAction action, ReferralStatus status) {
        boolean sidesAction = (side == ReferralSide.REQUESTER) == REQUESTER_ACTIONS.contains(action);
        return sidesAction && ALLOWED.get(action).contains(status);
    }

    private ExpectedReferralLifecycle() {
    }
}
