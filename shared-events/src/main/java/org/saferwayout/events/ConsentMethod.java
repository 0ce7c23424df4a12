package org.saferwayout.events;

/** How a consent was obtained. */
public enum ConsentMethod {
    WRITTEN,
    VERBAL_WITH_WITNESS
}
