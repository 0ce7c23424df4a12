package org.saferwayout.agency.consent.application;

import org.bson.Document;

import java.time.Instant;
import java.util.List;

import static org.saferwayout.agency.readmodel.DocumentFields.instant;

/** A consent as the registry knows it: no personal data beyond the SurvivorRef. */
public record ConsentView(
        String consentId,
        String survivorRef,
        String recordingAgency,
        String granteeAgency,
        List<String> purposes,
        List<String> categories,
        Instant validFrom,
        Instant validUntil,
        String method,
        String language,
        String recordedBy,
        String supersedes,
        Instant recordedAt,
        String state,
        Instant endedAt,
        String kind) {

    /** A release without consent (break-glass, ADR 005): shown flagged, never as her consent, never withdrawn. */
    public boolean emergencyDisclosure() {
        return ConsentRegistry.EMERGENCY.equals(kind);
    }

    static ConsentView of(Document doc) {
        return new ConsentView(doc.getString("_id"), doc.getString("survivorRef"), doc.getString("recordingAgency"),
                doc.getString("granteeAgency"), doc.getList("purposes", String.class, List.of()),
                doc.getList("categories", String.class, List.of()), instant(doc, "validFrom"),
                instant(doc, "validUntil"), doc.getString("method"), doc.getString("language"),
                doc.getString("recordedBy"), doc.getString("supersedes"), instant(doc, "recordedAt"),
                doc.getString("state"), instant(doc, "endedAt"), doc.getString("kind") == null ? "CONSENT" : doc.getString("kind"));
    }
}
