package org.saferwayout.events;

/**
 * Why a referral was declined, failed, cancelled, expired or completed as it did: coded, never free text,
 * because free text crossing agency lines is where personal data leaks (notes stay in the private store).
 */
public enum ReferralStatusReason {
    NO_CAPACITY,
    NOT_ELIGIBLE,
    SERVICE_NOT_OFFERED,
    SURVIVOR_DECLINED,
    SURVIVOR_UNREACHABLE,
    SAFETY_CONCERN,
    NO_LONGER_NEEDED,
    REROUTED,
    NOT_ACKNOWLEDGED_IN_TIME,
    GOALS_MET,
    GOALS_PARTIALLY_MET,
    OTHER
}
