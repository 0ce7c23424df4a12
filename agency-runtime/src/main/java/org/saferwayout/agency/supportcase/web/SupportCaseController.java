package org.saferwayout.agency.supportcase.web;

import org.saferwayout.agency.supportcase.application.SupportCaseReads;
import org.saferwayout.agency.directory.NetworkDirectory;

import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.agency.supportcase.api.CaseClosureReason;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.ActOnOutgoingReferralCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.CloseSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RecordSafetyPlanCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.ReopenSupportCaseCommand;
import org.saferwayout.agency.supportcase.application.SafetyPlanView;
import org.saferwayout.events.ReferralStatusReason;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.supportcase.api.EmergencyDisclosure;
import org.springframework.security.access.AccessDeniedException;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.OpenSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RequestReferralCommand;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseView;
import org.saferwayout.agency.web.NotFoundException;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.domain.SafeRetries;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Survivor support cases owned by this agency, and the referrals they send. */
@RestController
@RequestMapping("/api/cases")
@SecurityRequirement(name = "bearer")
@Validated
class SupportCaseController {

    private static final String NO_CASE = "No such case at this agency.";

    private final CommandGateway commands;
    private final NetworkDirectory directory;
    private final SupportCaseQueries queries;
    private final AgencyId thisAgency;
    private final Clock clock;

    private final SupportCaseReads reads;

    SupportCaseController(CommandGateway commands, SupportCaseQueries queries, AgencyProperties agency,
                          NetworkDirectory directory, SupportCaseReads reads, Clock clock) {
        this.reads = reads;
        this.directory = directory;
        this.commands = commands;
        this.queries = queries;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    /**
     * @param survivorRef the survivor's existing pseudonym if the network already knows them; omitted, a
     *                    new random SurvivorRef is issued
     */
    record OpenCaseRequest(@Pattern(regexp = "SR-[0-9A-HJKMNP-TV-Z]{26}") String survivorRef) {
    }

    record OpenedCase(String caseId, String survivorRef) {
    }

    /**
     * @param personalData        optional; only what a consent for the recipient covers will leave this agency
     * @param emergencyDisclosure a supervisor only: release these categories without consent, for imminent
     *                            risk to life
     */
    record ReferralRequest(@NotNull AgencyId recipientAgency, @NotNull SupportService service,
                           @Size(max = 100) @Pattern(regexp = "[a-z0-9-]+") String directoryServiceId,
                           @NotNull ReferralUrgency urgency, @Valid PersonalDataForm personalData,
                           Boolean shareSafetyPlanSummary,
                           @Valid EmergencyDisclosureForm emergencyDisclosure,
                           @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                           String reroutesReferralId) {
    }

    /** @param reason a coded reason, required to cancel */
    record ActionRequest(ReferralStatusReason reason) {
    }

    record ActionTaken(String referralId, String status) {
    }

    record SafetyPlanForm(@NotBlank @Size(max = 2000) String summary, @Size(max = 20000) String details) {
    }

    record ClosureForm(@NotNull CaseClosureReason reason) {
    }

    /** @param hours how long the recipient may hold the data: 1 to 72 */
    record EmergencyDisclosureForm(@NotBlank @Size(min = 20, max = 2000) String justification,
                                   @NotEmpty Set<@NotNull DataCategory> categories,
                                   @NotNull @Min(1) @Max(72) Integer hours) {
    }

    record PersonalDataForm(@Size(max = 200) String name, @Past LocalDate dateOfBirth, @Size(max = 500) String contact,
                            @Size(max = 4000) String safetyPlanSummary, @Size(max = 4000) String health,
                            @Size(max = 4000) String legal) {
        PersonalData toPersonalData() {
            return new PersonalData(name, dateOfBirth, contact, safetyPlanSummary, health, legal);
        }
    }

    record RequestedReferral(String referralId, String caseId, String status) {
    }

    @Operation(summary = "Open a survivor support case under a pseudonymous SurvivorRef")
    @PostMapping
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    ResponseEntity<OpenedCase> open(@Valid @RequestBody OpenCaseRequest request, @AuthenticationPrincipal Jwt token) {
        SurvivorRef survivorRef = request.survivorRef() == null ? SurvivorRef.issue() : new SurvivorRef(request.survivorRef());
        String caseId = UUID.randomUUID().toString();
        commands.sendAndWait(new OpenSupportCaseCommand(caseId, survivorRef, thisAgency,
                StaffMember.of(token).id(), clock.instant()));
        return ResponseEntity.created(URI.create("/api/cases/" + caseId)).body(new OpenedCase(caseId, survivorRef.value()));
    }

    @Operation(summary = "A page of this agency's caseload: open cases first, newest first, then closed ones")
    @GetMapping
    @PreAuthorize(AgencyRoles.CASE_READERS)
    List<SupportCaseView> caseload(@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                   @RequestParam(defaultValue = "500") @Min(1) @Max(1000) int size) {
        return queries.caseload(page, size);
    }

    @Operation(summary = "A case with its referrals and their states")
    @GetMapping("/{caseId}")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    SupportCaseView find(@PathVariable String caseId, Authentication caller) {
        return RecordIds.ifWellFormed(caseId).flatMap(id -> reads.read(id, caller))
                .orElseThrow(() -> new NotFoundException(NO_CASE));
    }

    private static boolean hasRole(Authentication caller, String role) {
        return caller.getAuthorities().stream().anyMatch(authority -> authority.getAuthority().equals("ROLE_" + role));
    }

    @Operation(summary = "Refer the case's survivor to another agency's service")
    @PostMapping("/{caseId}/referrals")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    ResponseEntity<RequestedReferral> refer(@PathVariable String caseId, @Valid @RequestBody ReferralRequest request,
                                            @AuthenticationPrincipal Jwt token, Authentication caller,
                                            @Parameter(description = SafeRetries.DESCRIPTION) @RequestHeader(name = SafeRetries.HEADER,
                                                    required = false) @Pattern(regexp = SafeRetries.KEY) String retryKey) {
        String id = RecordIds.ifWellFormed(caseId).orElseThrow(() -> new NotFoundException("No such case at this agency."));
        String referralId = SafeRetries.referralId(thisAgency, id, retryKey);
        Instant now = clock.instant();
        EmergencyDisclosure emergency = null;
        if (request.emergencyDisclosure() != null) {
            if (!hasRole(caller, AgencyRoles.SUPERVISOR)) {
                throw new AccessDeniedException("emergency disclosure needs a supervisor");
            }
            EmergencyDisclosureForm form = request.emergencyDisclosure();
            emergency = new EmergencyDisclosure(form.justification(), form.categories(),
                    now.plus(Duration.ofHours(form.hours())), StaffMember.of(token).id());
        }
        commands.sendAndWait(new RequestReferralCommand(id, referralId, request.recipientAgency(), request.service(),
                directory.referralTarget(request.recipientAgency(), request.service(), request.directoryServiceId()),
                request.urgency(), StaffMember.of(token).id(), now,
                request.personalData() == null ? null : request.personalData().toPersonalData(),
                Boolean.TRUE.equals(request.shareSafetyPlanSummary()), emergency, request.reroutesReferralId()));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/cases/" + id))
                .body(new RequestedReferral(referralId, id, "REQUESTED"));
    }

    @Operation(summary = "Act on a referral this case sent (the requester may only cancel it)")
    @PostMapping("/{caseId}/referrals/{referralId}/actions/{action}")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    ActionTaken act(@PathVariable String caseId, @PathVariable String referralId, @PathVariable ReferralAction action,
                    @Valid @RequestBody(required = false) ActionRequest request, @AuthenticationPrincipal Jwt token) {
        String id = requireCase(caseId);
        String referral = RecordIds.ifWellFormed(referralId)
                .orElseThrow(() -> new NotFoundException("No such referral on this case."));
        commands.sendAndWait(new ActOnOutgoingReferralCommand(id, referral, action,
                request == null ? null : request.reason(), StaffMember.of(token).id(), clock.instant()));
        return new ActionTaken(referral, action.result().name());
    }

    @Operation(summary = "Record a new version of the case's short-term safety plan")
    @PostMapping("/{caseId}/safety-plans")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    ResponseEntity<Void> recordSafetyPlan(@PathVariable String caseId, @Valid @RequestBody SafetyPlanForm form,
                                          @AuthenticationPrincipal Jwt token) {
        String id = requireCase(caseId);
        commands.sendAndWait(new RecordSafetyPlanCommand(id, form.summary(), form.details(), StaffMember.of(token).id(),
                clock.instant()));
        return ResponseEntity.accepted().location(URI.create("/api/cases/" + id + "/safety-plans")).build();
    }

    @Operation(summary = "The case's safety plan, every version, newest first")
    @GetMapping("/{caseId}/safety-plans")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    List<SafetyPlanView> safetyPlans(@PathVariable String caseId, Authentication caller) {
        return reads.readSafetyPlans(requireCase(caseId), caller).orElseThrow(() -> new NotFoundException(NO_CASE));
    }

    @Operation(summary = "Close the case with a reason")
    @PostMapping("/{caseId}/closure")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    ResponseEntity<Void> close(@PathVariable String caseId, @Valid @RequestBody ClosureForm form,
                               @AuthenticationPrincipal Jwt token) {
        commands.sendAndWait(new CloseSupportCaseCommand(requireCase(caseId), form.reason(), StaffMember.of(token).id(),
                clock.instant()));
        return ResponseEntity.accepted().build();
    }

    @Operation(summary = "Reopen a closed case")
    @PostMapping("/{caseId}/reopening")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    ResponseEntity<Void> reopen(@PathVariable String caseId, @AuthenticationPrincipal Jwt token) {
        commands.sendAndWait(new ReopenSupportCaseCommand(requireCase(caseId), StaffMember.of(token).id(),
                clock.instant()));
        return ResponseEntity.accepted().build();
    }

    private static String requireCase(String caseId) {
        return RecordIds.ifWellFormed(caseId).orElseThrow(() -> new NotFoundException(NO_CASE));
    }
}
