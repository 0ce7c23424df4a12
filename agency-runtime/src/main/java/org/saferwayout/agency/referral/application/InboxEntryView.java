package org.saferwayout.agency.referral.application;

import org.saferwayout.events.PersonalData;

import java.time.Instant;

/** A referral in the recipient agency's inbox. */
public record InboxEntryView(
        String referralId,
        String survivorRef,
        String requestingAgency,
        String service,
        String urgency,
        String status,
        Instant requestedAt,
        Instant receivedAt,
        Instant acceptedAt,
        PersonalData personalData,
        EmergencyFlag emergencyDisclosure) {

    /** Present when the referral's data was released under an emergency disclosure, not consent. */
    public record EmergencyFlag(String approvedBy, java.util.List<String> categories, Instant validUntil) {
    }
}
