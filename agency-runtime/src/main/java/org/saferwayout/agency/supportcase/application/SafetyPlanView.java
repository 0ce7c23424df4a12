package org.saferwayout.agency.supportcase.application;

import java.time.Instant;

/** One version of a case's short-term safety plan (personal data: only the owning agency's staff see it). */
public record SafetyPlanView(int version, String summary, String details, String recordedBy, Instant recordedAt) {

    @Override
    public String toString() {
        return "SafetyPlanView[version=" + version + "]";
    }
}
