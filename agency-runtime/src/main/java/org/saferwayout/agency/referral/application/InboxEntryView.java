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
        PersonalData personalData) {
}
