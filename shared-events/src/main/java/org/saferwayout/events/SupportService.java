package org.saferwayout.events;

/** The kinds of support a survivor can be referred to (DESIGN: services). */
public enum SupportService {
    SAFE_LODGING,
    MENTAL_HEALTH_RESOURCES,
    COURT_SUPPORT,
    EMOTIONAL_SUPPORT,
    EXIT_SUPPORT
}
