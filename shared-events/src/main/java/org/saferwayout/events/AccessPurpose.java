package org.saferwayout.events;

/** Why personal data was read, named by what the reader was doing (the access log's purpose of use). */
public enum AccessPurpose {
    /** Coordinating the survivor's case: its referrals and the services delivered to her. */
    CASE_COORDINATION,
    /** Handling a referral addressed to the reader's agency. */
    REFERRAL_HANDLING,
    /** Working on the survivor's short-term safety plan. */
    SAFETY_PLANNING
}
