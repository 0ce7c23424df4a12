package org.saferwayout.events;

/** Kinds of a survivor's personal data; a consent names the categories it covers. */
public enum DataCategory {
    IDENTITY,
    CONTACT,
    SAFETY_PLAN,
    HEALTH,
    LEGAL,
    SERVICE_OUTCOME
}
