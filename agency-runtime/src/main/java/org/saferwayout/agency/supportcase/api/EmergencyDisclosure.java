package org.saferwayout.agency.supportcase.api;

import org.saferwayout.agency.domain.PersonalInformation;
import org.saferwayout.events.DataCategory;

import java.time.Instant;
import java.util.Set;

/**
 * A supervisor's approval to share the minimum of a survivor's data without consent, for imminent risk to
 * life. The justification is kept in this agency's private store only.
 */
public record EmergencyDisclosure(@PersonalInformation String justification, Set<DataCategory> categories, Instant validUntil,
                                  String approvedBy) {

    @Override
    public String toString() {
        return "EmergencyDisclosure" + categories; // the justification may name people: never printed
    }
}
