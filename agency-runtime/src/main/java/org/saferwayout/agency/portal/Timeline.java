package org.saferwayout.agency.portal;

import org.saferwayout.agency.referral.application.InboxEntryView;
import org.saferwayout.agency.supportcase.application.SupportCaseView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What happened, oldest first, across the agencies, as far as this agency knows it: its own actions and what
 * reached it through the exchange (the recipients' decisions, the services they delivered). A delivered
 * service's outcome is on it only where the view carries it, i.e. where a consent covers it now.
 *
 * @param entries oldest first
 */
record Timeline(List<Entry> entries) {

    /**
     * @param dayOnly the moment is a calendar day (a service's delivery date), not an instant
     * @param outcome personal data (a service outcome), shown only as the consent allows; null otherwise
     */
    record Entry(Instant at, boolean dayOnly, String what, String outcome) {
    }

    static Timeline of(SupportCaseView supportCase, PortalWords words) {
        List<Entry> entries = new ArrayList<>();
        entries.add(step(supportCase.openedAt(), "Case opened"));
        for (SupportCaseView.Referral referral : supportCase.referrals()) {
            String recipient = words.agency(referral.recipientAgency());
            String service = words.code(referral.service());
            entries.add(step(referral.requestedAt(), "Referred to " + recipient + " for " + service + " ("
                    + words.code(referral.urgency()) + ")"
                    + (referral.reroutedFrom() == null ? "" : ", re-routing an earlier referral")));
            if (referral.acceptedAt() != null) {
                entries.add(step(referral.acceptedAt(), recipient + " accepted the referral for " + service));
            }
            // The projection stamps acceptance in acceptedAt and leaves statusChangedAt at the status before it
            // (received): that stamp is not when it became accepted, so an accepted referral says nothing more.
            if (referral.statusChangedAt() != null && !"ACCEPTED".equals(referral.status())) {
                entries.add(step(referral.statusChangedAt(), "Referral for " + service + " to " + recipient
                        + " is now " + words.code(referral.status())
                        + (referral.statusReason() == null ? "" : " (" + words.code(referral.statusReason()) + ")")));
            }
            for (SupportCaseView.DeliveredService delivered : referral.servicesDelivered()) {
                entries.add(new Entry(day(delivered.deliveredOn()), true,
                        words.agency(delivered.providerAgency()) + " delivered " + words.code(delivered.service()),
                        delivered.outcome() == null ? null : delivered.outcome().serviceOutcome()));
            }
        }
        if (supportCase.closedAt() != null) {
            entries.add(step(supportCase.closedAt(), "Case closed (" + words.code(supportCase.closureReason()) + ")"));
        }
        return sorted(entries);
    }

    static Timeline of(InboxEntryView referral, PortalWords words) {
        List<Entry> entries = new ArrayList<>();
        entries.add(step(referral.requestedAt(), words.agency(referral.requestingAgency())
                + " referred the survivor here for " + words.code(referral.service()) + " ("
                + words.code(referral.urgency()) + ")"));
        entries.add(step(referral.receivedAt(), "The referral arrived here"));
        if (referral.acceptedAt() != null) {
            entries.add(step(referral.acceptedAt(), "Accepted here"));
        }
        for (InboxEntryView.DeliveredService delivered : referral.servicesDelivered()) {
            entries.add(new Entry(day(delivered.deliveredOn()), true, "Delivered " + words.code(delivered.service()),
                    null));
        }
        return sorted(entries);
    }

    /** A step at a moment, carrying no personal data. */
    private static Entry step(Instant at, String what) {
        return new Entry(at, false, what, null);
    }

    private static Instant day(String isoDate) {
        return LocalDate.parse(isoDate).atStartOfDay(PortalWords.NETWORK_TIME).toInstant();
    }

    private static Timeline sorted(List<Entry> entries) {
        entries.removeIf(entry -> entry.at() == null);
        entries.sort(Comparator.comparing(Entry::at));
        return new Timeline(List.copyOf(entries));
    }
}
