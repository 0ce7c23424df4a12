package org.saferwayout.agency.subscription;

import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentSuperseded;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.IntegrationEvent;
import org.saferwayout.events.ReferralAccepted;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.ServiceDelivered;
import org.saferwayout.events.SurvivorErasureRequested;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a notification says about an integration event: its kind, what it is about and a minimal body of ids,
 * codes and states, each field named here one by one. Nothing is copied wholesale from an event, so no
 * {@code PersonalData} (not even sealed), no free text and no staff names can reach an agency system's
 * endpoint, a stream or the feed table; the system reads details through the authenticated API.
 * Events an agency system has no use for (sharing decisions, outcome counts) make no notification.
 */
record NotificationContent(NotificationType type, String subject, Map<String, Object> data) {

    @SuppressWarnings("deprecation")
    static Optional<NotificationContent> of(IntegrationEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sourceAgency", event.sourceAgency().code());
        data.put("recipientAgency", event.recipientAgency().code());
        if (event.survivorRef() != null) {
            data.put("survivorRef", event.survivorRef().value());
        }
        NotificationType type;
        String subject;
        if (event instanceof ReferralRequested requested) {
            type = NotificationType.REFERRAL_REQUESTED;
            subject = requested.referralId();
            data.put("referralId", requested.referralId());
            data.put("service", requested.service());
            data.put("urgency", requested.urgency());
            putIfPresent(data, "directoryServiceId", requested.directoryServiceId());
            data.put("status", ReferralStatus.REQUESTED);
        } else if (event instanceof ReferralStatusChanged changed) {
            type = NotificationType.REFERRAL_STATUS_CHANGED;
            subject = changed.referralId();
            data.put("referralId", changed.referralId());
            data.put("requesterCaseRef", changed.requesterCaseRef());
            data.put("status", changed.status());
            putIfPresent(data, "statusReason", changed.statusReason());
        } else if (event instanceof ReferralAccepted accepted) {
            type = NotificationType.REFERRAL_STATUS_CHANGED;
            subject = accepted.referralId();
            data.put("referralId", accepted.referralId());
            data.put("requesterCaseRef", accepted.requesterCaseRef());
            data.put("status", ReferralStatus.ACCEPTED);
        } else if (event instanceof ServiceDelivered delivered) {
            // The outcome is personal data: only that a service was delivered, and on which day.
            type = NotificationType.SERVICE_DELIVERED;
            subject = delivered.referralId();
            data.put("referralId", delivered.referralId());
            data.put("requesterCaseRef", delivered.requesterCaseRef());
            data.put("service", delivered.service());
            putIfPresent(data, "directoryServiceId", delivered.directoryServiceId());
            data.put("deliveredOn", delivered.deliveredOn().toString());
        } else if (event instanceof ConsentGiven given) {
            type = NotificationType.CONSENT_GIVEN;
            subject = given.consentId();
            data.put("consentId", given.consentId());
            data.put("purposes", given.purposes());
            data.put("categories", given.categories());
            data.put("validFrom", given.validFrom().toString());
            data.put("validUntil", given.validUntil().toString());
            putIfPresent(data, "supersedes", given.supersedes());
            data.put("state", "GIVEN");
        } else if (event instanceof ConsentWithdrawn withdrawn) {
            type = NotificationType.CONSENT_WITHDRAWN;
            subject = withdrawn.consentId();
            data.put("consentId", withdrawn.consentId());
            data.put("state", "WITHDRAWN");
        } else if (event instanceof ConsentExpired expired) {
            type = NotificationType.CONSENT_EXPIRED;
            subject = expired.consentId();
            data.put("consentId", expired.consentId());
            data.put("state", "EXPIRED");
        } else if (event instanceof ConsentSuperseded superseded) {
            type = NotificationType.CONSENT_SUPERSEDED;
            subject = superseded.consentId();
            data.put("consentId", superseded.consentId());
            data.put("supersededBy", superseded.supersededBy());
            data.put("state", "SUPERSEDED");
        } else if (event instanceof EmergencyDisclosureMade disclosure) {
            type = NotificationType.EMERGENCY_DISCLOSURE_MADE;
            subject = disclosure.referralId() != null ? disclosure.referralId() : disclosure.disclosureId();
            data.put("disclosureId", disclosure.disclosureId());
            putIfPresent(data, "referralId", disclosure.referralId());
            data.put("purpose", disclosure.purpose());
            data.put("categories", disclosure.categories());
            data.put("validUntil", disclosure.validUntil().toString());
            data.put("emergencyDisclosure", true);
        } else if (event instanceof SurvivorErasureRequested erasure) {
            type = NotificationType.SURVIVOR_ERASURE_REQUESTED;
            subject = erasure.erasureId();
            data.put("erasureId", erasure.erasureId());
        } else {
            return Optional.empty();
        }
        return Optional.of(new NotificationContent(type, subject, data));
    }

    private static void putIfPresent(Map<String, Object> data, String name, Object value) {
        if (value != null) {
            data.put(name, value);
        }
    }
}
