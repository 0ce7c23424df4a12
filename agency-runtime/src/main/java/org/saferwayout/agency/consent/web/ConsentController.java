package org.saferwayout.agency.consent.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.consent.ConsentConfiguration.ConsentProperties;
import org.saferwayout.agency.consent.api.ConsentCommands.RecordConsentCommand;
import org.saferwayout.agency.consent.api.ConsentCommands.WithdrawConsentCommand;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.consent.application.ConsentView;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.web.NotFoundException;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.SurvivorRef;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Consents recorded at this agency for a partner agency, and consents granted to this agency. Consents
 * carry no personal data beyond the SurvivorRef, and a consent is never a condition of a referral.
 */
@RestController
@RequestMapping("/api/consents")
@SecurityRequirement(name = "bearer")
class ConsentController {

    private static final String NOT_FOUND = "No such consent recorded at or granted to this agency.";

    private final CommandGateway commands;
    private final ConsentRegistry registry;
    private final AgencyId thisAgency;
    private final ConsentProperties settings;
    private final Clock clock;

    ConsentController(CommandGateway commands, ConsentRegistry registry, AgencyProperties agency,
                      ConsentProperties settings, Clock clock) {
        this.commands = commands;
        this.registry = registry;
        this.thisAgency = agency.id();
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param validFrom  defaults to now
     * @param validUntil defaults to now plus the agency's default term: every consent is time-limited
     * @param witness    the witnessing staff member's account, required for a verbal consent
     * @param supersedes an earlier consent (recorded here) that this one replaces
     */
    record ConsentForm(
            @NotNull @Pattern(regexp = "SR-[0-9A-HJKMNP-TV-Z]{26}") String survivorRef,
            @NotNull AgencyId granteeAgency,
            @NotEmpty Set<@NotNull ConsentPurpose> purposes,
            @NotEmpty Set<@NotNull DataCategory> categories,
            Instant validFrom,
            Instant validUntil,
            @NotNull ConsentMethod method,
            @Size(max = 100) String witness,
            @NotNull @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})?") String language,
            @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}") String supersedes) {
    }

    record RecordedConsent(String consentId, Instant validFrom, Instant validUntil, String state) {
    }

    @Operation(summary = "Record a survivor's consent for one partner agency")
    @PostMapping
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    ResponseEntity<RecordedConsent> record(@Valid @RequestBody ConsentForm form, @AuthenticationPrincipal Jwt token) {
        Instant now = clock.instant();
        Instant validFrom = form.validFrom() == null ? now : form.validFrom();
        Instant validUntil = form.validUntil() == null ? validFrom.plus(settings.defaultTerm()) : form.validUntil();
        String consentId = UUID.randomUUID().toString();
        commands.sendAndWait(new RecordConsentCommand(consentId, new SurvivorRef(form.survivorRef()), thisAgency,
                form.granteeAgency(), form.purposes(), form.categories(), validFrom, validUntil, form.method(),
                form.witness(), form.language(), StaffMember.of(token).id(), form.supersedes(), now));
        return ResponseEntity.created(URI.create("/api/consents/" + consentId))
                .body(new RecordedConsent(consentId, validFrom, validUntil, "GIVEN"));
    }

    @Operation(summary = "Withdraw a consent; it stops permitting sharing at once")
    @PostMapping("/{consentId}/withdrawal")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    Map<String, String> withdraw(@PathVariable String consentId, @AuthenticationPrincipal Jwt token) {
        String id = RecordIds.ifWellFormed(consentId).orElseThrow(() -> new NotFoundException(NOT_FOUND));
        commands.sendAndWait(new WithdrawConsentCommand(id, StaffMember.of(token).id(), clock.instant()));
        return Map.of("consentId", id, "state", "WITHDRAWN");
    }

    @Operation(summary = "A consent as this agency's registry knows it")
    @GetMapping("/{consentId}")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    ConsentView find(@PathVariable String consentId) {
        return visible(consentId);
    }

    @Operation(summary = "A consent as an HL7 FHIR R5 Consent resource")
    @GetMapping(value = "/{consentId}/fhir", produces = {"application/fhir+json", "application/json"})
    @PreAuthorize(AgencyRoles.CASE_READERS)
    ResponseEntity<Map<String, Object>> fhir(@PathVariable String consentId) {
        ConsentView consent = visible(consentId);
        // Break-glass released data without her consent: exporting it as a FHIR Consent ("permit") would claim one.
        if (consent.emergencyDisclosure()) {
            throw new DomainRuleViolation("emergency-disclosure-not-a-consent",
                    "An emergency disclosure is not a consent and has no FHIR Consent form.");
        }
        return ResponseEntity.status(HttpStatus.OK)
                .contentType(org.springframework.http.MediaType.parseMediaType("application/fhir+json"))
                .body(FhirConsent.of(consent));
    }

    /** Only consents this agency recorded or was granted; others' consents are none of its business. */
    private ConsentView visible(String consentId) {
        return RecordIds.ifWellFormed(consentId).flatMap(id -> registry.findVisibleTo(thisAgency, id))
                .orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }
}
