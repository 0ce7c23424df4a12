package org.saferwayout.agency.consent.application;

import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentSuperseded;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/** Consent events as the exchange carries them, for the registry's unit tests. */
final class ConsentFixtures {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private ConsentFixtures() {
    }

    static ConsentGiven given(String consentId, SurvivorRef survivor, AgencyId grantee, Set<ConsentPurpose> purposes,
                              Set<DataCategory> categories, Instant validFrom, Instant validUntil, Instant recordedAt) {
        AgencyId recorder = grantee == AgencyId.ALERT ? AgencyId.REACH : AgencyId.ALERT;
        return new ConsentGiven(UUID.randomUUID(), consentId, survivor, recorder, grantee, purposes, categories,
                validFrom, validUntil, ConsentMethod.WRITTEN, "en", "coordinator-1", null, recordedAt);
    }

    static ConsentWithdrawn withdrawn(ConsentGiven given, Instant at) {
        return new ConsentWithdrawn(UUID.randomUUID(), given.consentId(), given.survivorRef(), given.sourceAgency(),
                given.recipientAgency(), "coordinator-2", at);
    }

    static ConsentExpired expired(ConsentGiven given) {
        return new ConsentExpired(UUID.randomUUID(), given.consentId(), given.survivorRef(), given.sourceAgency(),
                given.recipientAgency(), given.validUntil());
    }

    static ConsentSuperseded superseded(ConsentGiven given, String by, Instant at) {
        return new ConsentSuperseded(UUID.randomUUID(), given.consentId(), given.survivorRef(), given.sourceAgency(),
                given.recipientAgency(), by, at);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Every field set, each value a unique marker that can be searched for. */
    static PersonalData everything(String marker) {
        return new PersonalData("NAME-" + marker, LocalDate.of(1990, 4, 17), "CONTACT-" + marker,
                "PLAN-" + marker, "HEALTH-" + marker, "LEGAL-" + marker);
    }
}
