package org.saferwayout.agency.referral.model;

/** The two parties of a referral. Each acts only on its own copy, in its own private store. */
public enum ReferralSide {
    /** The agency whose case sent the referral. */
    REQUESTER,
    /** The agency the referral is addressed to. */
    RECIPIENT
}
