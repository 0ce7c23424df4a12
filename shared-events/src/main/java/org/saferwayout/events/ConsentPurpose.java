package org.saferwayout.events;

/** What a survivor consents to their data being used for (DESIGN: consent purposes). */
public enum ConsentPurpose {
    SAFE_HOUSING,
    EXIT_SUPPORT,
    MENTAL_HEALTH,
    COURT_SUPPORT,
    EMOTIONAL_SUPPORT,
    SAFETY_PLANNING;

    /** The purpose a referral for a service serves. */
    public static ConsentPurpose servedBy(SupportService service) {
        return switch (service) {
            case SAFE_LODGING -> SAFE_HOUSING;
            case MENTAL_HEALTH_RESOURCES -> MENTAL_HEALTH;
            case COURT_SUPPORT -> COURT_SUPPORT;
            case EMOTIONAL_SUPPORT -> EMOTIONAL_SUPPORT;
            case EXIT_SUPPORT -> EXIT_SUPPORT;
        };
    }
}
