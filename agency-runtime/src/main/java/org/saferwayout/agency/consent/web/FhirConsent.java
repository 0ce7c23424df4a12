package org.saferwayout.agency.consent.web;

import org.saferwayout.agency.consent.application.ConsentView;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a consent as an HL7 FHIR R5 {@code Consent} resource. The survivor appears only as an identifier
 * (the SurvivorRef); agencies as organisation identifiers. Purposes are given both as the closest
 * v3-ActReason code and as this network's own code; data categories as provision codes of this network's
 * code system.
 */
final class FhirConsent {

    static final String SURVIVOR_REF_SYSTEM = "urn:saferwayout:survivor-ref";
    static final String AGENCY_SYSTEM = "urn:saferwayout:agency";
    static final String PURPOSE_SYSTEM = "urn:saferwayout:consent-purpose";
    static final String CATEGORY_SYSTEM = "urn:saferwayout:data-category";
    private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    /** The v3-ActReason code nearest each purpose: coordination of care, treatment, care management. */
    private static final Map<String, String> ACT_REASON_OF_PURPOSE = Map.of(
            "SAFE_HOUSING", "COC", "EXIT_SUPPORT", "COC", "EMOTIONAL_SUPPORT", "COC", "COURT_SUPPORT", "COC",
            "MENTAL_HEALTH", "TREAT", "SAFETY_PLANNING", "CAREMGT");

    private FhirConsent() {
    }

    static Map<String, Object> of(ConsentView consent) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("resourceType", "Consent");
        resource.put("id", consent.consentId());
        resource.put("identifier", List.of(Map.of("system", "urn:saferwayout:consent", "value", consent.consentId())));
        resource.put("status", "GIVEN".equals(consent.state()) ? "active" : "inactive");
        resource.put("category", List.of(Map.of("coding", List.of(Map.of(
                "system", "http://loinc.org", "code", "59284-0", "display", "Patient Consent")))));
        Map<String, Object> survivor = Map.of("identifier", Map.of("system", SURVIVOR_REF_SYSTEM, "value", consent.survivorRef()));
        resource.put("subject", survivor);
        resource.put("date", consent.recordedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        Map<String, Object> period = period(consent);
        resource.put("period", period);
        resource.put("grantor", List.of(survivor));
        resource.put("grantee", List.of(agency(consent.granteeAgency())));
        resource.put("controller", List.of(agency(consent.recordingAgency())));
        resource.put("verification", List.of(verification(consent)));
        resource.put("decision", "permit");
        Map<String, Object> provision = new LinkedHashMap<>();
        provision.put("period", period);
        provision.put("actor", List.of(Map.of(
                "role", Map.of("coding", List.of(Map.of("system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                        "code", "IRCP", "display", "information recipient"))),
                "reference", agency(consent.granteeAgency()))));
        provision.put("action", List.of(Map.of("coding", List.of(Map.of(
                "system", "http://terminology.hl7.org/CodeSystem/consentaction", "code", "disclose", "display", "Disclose")))));
        provision.put("purpose", consent.purposes().stream().flatMap(purpose -> List.of(
                Map.<String, Object>of("system", ACT_REASON, "code", ACT_REASON_OF_PURPOSE.get(purpose)),
                Map.<String, Object>of("system", PURPOSE_SYSTEM, "code", purpose)).stream()).distinct().toList());
        provision.put("code", consent.categories().stream().map(category -> Map.of("coding", List.of(Map.of(
                "system", CATEGORY_SYSTEM, "code", category)))).toList());
        resource.put("provision", List.of(provision));
        return resource;
    }

    private static Map<String, Object> period(ConsentView consent) {
        Instant end = consent.endedAt() != null && consent.endedAt().isBefore(consent.validUntil())
                ? consent.endedAt() : consent.validUntil();
        return Map.of("start", consent.validFrom().toString(), "end", end.toString());
    }

    private static Map<String, Object> agency(String code) {
        return Map.of("identifier", Map.of("system", AGENCY_SYSTEM, "value", code));
    }

    private static Map<String, Object> verification(ConsentView consent) {
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("verified", true);
        verification.put("verificationType", Map.of("text", "WRITTEN".equals(consent.method())
                ? "written consent" : "verbal consent with witness"));
        verification.put("verifiedBy", Map.of("identifier", Map.of("system", "urn:saferwayout:staff", "value", consent.recordedBy())));
        return verification;
    }
}
