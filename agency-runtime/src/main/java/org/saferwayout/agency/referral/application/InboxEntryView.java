package org.saferwayout.agency.referral.application;

import org.saferwayout.events.PersonalData;

import java.time.Instant;
import java.util.List;

/**
 * A referral in the recipient agency's inbox. {@code overdue}: still unacknowledged after its
 * acknowledgement deadline.
 */
public record InboxEntryView(
        String referralId,
        String survivorRef,
        String requestingAgency,
        String service,
        String directoryServiceId,
        String urgency,
        String status,
        String statusReason,
        Instant requestedAt,
        Instant receivedAt,
        Instant acknowledgeBy,
        boolean overdue,
        Instant acceptedAt,
        List<DeliveredService> servicesDelivered,
        PersonalData personalData,
        EmergencyFlag emergencyDisclosure) {

    /** Present when the referral's data was released under an emergency disclosure, not consent. */
    public record EmergencyFlag(String approvedBy, List<String> categories, Instant validUntil) {
    }

    public record DeliveredService(String deliveryId, String service, String directoryServiceId, String deliveredOn) {
    }
}
