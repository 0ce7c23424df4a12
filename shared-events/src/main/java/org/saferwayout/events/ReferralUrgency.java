package org.saferwayout.events;

/** Urgency sets how soon the recipient must acknowledge a referral. */
public enum ReferralUrgency {
    IMMEDIATE,
    URGENT,
    ROUTINE
}
