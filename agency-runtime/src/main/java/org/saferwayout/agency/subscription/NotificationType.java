package org.saferwayout.agency.subscription;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The kinds of notification an agency system can subscribe to: the CloudEvents {@code type} of each. They
 * are a published contract, like the {@code shared-events} types they are made from: names never change.
 */
public enum NotificationType {
    REFERRAL_REQUESTED("org.saferwayout.referral.requested"),
    REFERRAL_STATUS_CHANGED("org.saferwayout.referral.status-changed"),
    SERVICE_DELIVERED("org.saferwayout.referral.service-delivered"),
    CONSENT_GIVEN("org.saferwayout.consent.given"),
    CONSENT_WITHDRAWN("org.saferwayout.consent.withdrawn"),
    CONSENT_EXPIRED("org.saferwayout.consent.expired"),
    CONSENT_SUPERSEDED("org.saferwayout.consent.superseded"),
    EMERGENCY_DISCLOSURE_MADE("org.saferwayout.consent.emergency-disclosure-made"),
    SURVIVOR_ERASURE_REQUESTED("org.saferwayout.survivor.erasure-requested");

    private final String cloudEventType;

    NotificationType(String cloudEventType) {
        this.cloudEventType = cloudEventType;
    }

    @JsonValue
    public String cloudEventType() {
        return cloudEventType;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NotificationType fromCloudEventType(String type) {
        return Arrays.stream(values()).filter(candidate -> candidate.cloudEventType.equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown notification type"));
    }
}
