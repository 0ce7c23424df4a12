package org.saferwayout.agency.auditing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.IntegrationEvent;
import org.saferwayout.events.PersonalDataAccessed;
import org.saferwayout.events.SurvivorRef;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The auditors' view of the network (auditors and privacy officers of any agency; no personal data, ever): the
 * exchange's events replayed by case, survivor, agency or time window; what an agency knew of a survivor at a
 * moment and under which consent; who read a survivor's personal data (the access report a privacy officer can
 * hand her); every emergency disclosure.
 */
@RestController
@RequestMapping("/api/audit")
@SecurityRequirement(name = "bearer")
@Validated
class AuditorController {

    private static final String SURVIVOR_REF = "SR-[0-9A-HJKMNP-TV-Z]{26}";
    private static final String AGENCY = "alert|cease|catholic-social-services|reach";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final ExchangeHistory history;
    private final ObjectMapper json;

    AuditorController(ExchangeHistory history, ObjectMapper json) {
        this.history = history;
        this.json = json;
    }

    @Operation(summary = "Replay the exchange's events, filtered by survivor, case, agency and time window (no personal data)")
    @GetMapping("/events")
    @PreAuthorize(AgencyRoles.AUDIT_READERS)
    List<AuditorView> events(@RequestParam(required = false) @Pattern(regexp = SURVIVOR_REF) String survivorRef,
                             @RequestParam(required = false) @Pattern(regexp = UUID) String caseId,
                             @RequestParam(required = false) @Pattern(regexp = AGENCY) String agency,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                             @RequestParam(defaultValue = "1000") @Min(1) @Max(10_000) int limit) {
        Predicate<ExchangeHistory.Entry> matching = entry -> (from == null || !entry.storedAt().isBefore(from))
                && (to == null || entry.storedAt().isBefore(to));
        if (survivorRef != null) {
            matching = matching.and(entry -> !entry.unreadable() && survivorRef.equals(value(entry.event().survivorRef())));
        }
        if (agency != null) {
            AgencyId id = AgencyId.fromCode(agency);
            matching = matching.and(entry -> !entry.unreadable()
                    && (entry.event().sourceAgency() == id || entry.event().recipientAgency() == id));
        }
        List<ExchangeHistory.Entry> entries = history.replay(matching);
        if (caseId != null) {
            // A case's events name it (requesterCaseRef) or one of its referrals.
            Set<String> referrals = new HashSet<>();
            entries.forEach(entry -> {
                if (!entry.unreadable() && caseId.equals(field(entry.event(), "requesterCaseRef"))) {
                    referrals.add(field(entry.event(), "referralId"));
                }
            });
            entries = entries.stream().filter(entry -> !entry.unreadable()
                    && (caseId.equals(field(entry.event(), "requesterCaseRef"))
                    || referrals.contains(field(entry.event(), "referralId")))).toList();
        }
        return entries.stream().limit(limit).map(entry -> AuditorView.of(entry, json)).toList();
    }

    @Operation(summary = "What an agency knew of a survivor at a moment, and under which consent")
    @GetMapping("/knowledge")
    @PreAuthorize(AgencyRoles.AUDIT_READERS)
    KnowledgeAsOf.Knowledge knowledge(@RequestParam @Pattern(regexp = AGENCY) String agency,
                                      @RequestParam @Pattern(regexp = SURVIVOR_REF) String survivorRef,
                                      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at) {
        SurvivorRef survivor = new SurvivorRef(survivorRef);
        return KnowledgeAsOf.of(history.replay(entry -> !entry.unreadable() && survivor.equals(entry.event().survivorRef())),
                AgencyId.fromCode(agency), survivor, at);
    }

    /** One read of the survivor's personal data. */
    record Access(Instant accessedAt, String agency, String accessedBy, Set<String> roles, String purpose,
                  Set<?> categories, String resource, String recordId) {
    }

    @Operation(summary = "Every read of a survivor's personal data, network-wide: the survivor access report")
    @GetMapping("/access-log")
    @PreAuthorize(AgencyRoles.AUDIT_READERS)
    List<Access> accessLog(@RequestParam @Pattern(regexp = SURVIVOR_REF) String survivorRef) {
        return history.replay(entry -> entry.event() instanceof PersonalDataAccessed accessed
                        && accessed.survivorRef().value().equals(survivorRef)).stream()
                .map(entry -> (PersonalDataAccessed) entry.event())
                .map(read -> new Access(read.accessedAt(), read.sourceAgency().code(), read.accessedBy(), read.roles(),
                        read.purpose().name(), read.categories(), read.resource(), read.recordId()))
                .toList();
    }

    /** One break-glass release, flagged as such in every audit view. */
    record EmergencyDisclosure(String disclosureId, String referralId, String survivorRef, String fromAgency,
                               String toAgency, String purpose, Set<?> categories, Instant validFrom,
                               Instant validUntil, String approvedBy, Instant recordedAt) {
    }

    @Operation(summary = "Every emergency disclosure (break-glass) on the exchange")
    @GetMapping("/emergency-disclosures")
    @PreAuthorize(AgencyRoles.AUDIT_READERS)
    List<EmergencyDisclosure> emergencyDisclosures() {
        return history.replay(entry -> entry.event() instanceof EmergencyDisclosureMade).stream()
                .map(entry -> {
                    EmergencyDisclosureMade made = (EmergencyDisclosureMade) entry.event();
                    return new EmergencyDisclosure(made.disclosureId(), made.referralId(), made.survivorRef().value(),
                            made.sourceAgency().code(), made.recipientAgency().code(), made.purpose().name(),
                            made.categories(), made.validFrom(), made.validUntil(), made.approvedBy(), entry.storedAt());
                }).toList();
    }

    private static String value(SurvivorRef survivor) {
        return survivor == null ? null : survivor.value();
    }

    private static String field(IntegrationEvent event, String name) {
        for (var component : event.getClass().getRecordComponents()) {
            if (component.getName().equals(name) && component.getType() == String.class) {
                try {
                    return (String) component.getAccessor().invoke(event);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + name, e);
                }
            }
        }
        return null;
    }
}
