package org.saferwayout.agency.referral.web;

import org.springframework.security.core.Authentication;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.directory.DirectoryService;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.RecordServiceDeliveredCommand;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import java.time.LocalDate;

import jakarta.validation.Valid;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ActOnIncomingReferralCommand;
import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.events.ReferralStatusReason;
import org.springframework.web.bind.annotation.RequestBody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.saferwayout.agency.referral.application.InboxEntryView;
import org.saferwayout.agency.referral.application.ReferralInboxQueries;
import org.saferwayout.agency.referral.application.ReferralInboxReads;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.web.NotFoundException;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.domain.SafeRetries;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/** Referrals addressed to this agency, and the recipient's decisions on them. */
@RestController
@RequestMapping("/api/referrals/inbox")
@SecurityRequirement(name = "bearer")
@Validated
class ReferralInboxController {

    private static final String NOT_FOUND = "No such referral in this agency's inbox.";

    private final CommandGateway commands;
    private final NetworkDirectory directory;
    private final AgencyId thisAgency;
    private final ReferralInboxQueries queries;
    private final Clock clock;

    private final ReferralInboxReads reads;

    ReferralInboxController(CommandGateway commands, ReferralInboxQueries queries, NetworkDirectory directory,
                            AgencyProperties agency, ReferralInboxReads reads, Clock clock) {
        this.reads = reads;
        this.directory = directory;
        this.thisAgency = agency.id();
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
    }

    record InboxPage(int page, int size, long total, List<InboxEntryView> referrals) {
    }

    record Decision(String referralId, String status) {
    }

    @Operation(summary = "Referrals addressed to this agency, newest first")
    @GetMapping
    @PreAuthorize(AgencyRoles.CASE_READERS)
    InboxPage inbox(@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                    @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return new InboxPage(page, size, queries.count(), queries.page(page, size));
    }

    @Operation(summary = "One referral in the inbox")
    @GetMapping("/{referralId}")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    InboxEntryView find(@PathVariable String referralId, Authentication caller) {
        return RecordIds.ifWellFormed(referralId).flatMap(id -> reads.read(id, caller))
                .orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }

    /** @param reason a coded reason: required to decline, hold, complete (the outcome) or fail; refused otherwise */
    record ActionRequest(ReferralStatusReason reason) {
    }

    @Operation(summary = "Act on a referral addressed to this agency: receive, accept, decline, start, hold, complete, fail")
    @PostMapping("/{referralId}/actions/{action}")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    Decision act(@PathVariable String referralId, @PathVariable ReferralAction action,
                 @Valid @RequestBody(required = false) ActionRequest request, @AuthenticationPrincipal Jwt token) {
        String id = RecordIds.ifWellFormed(referralId).orElseThrow(() -> new NotFoundException(NOT_FOUND));
        commands.sendAndWait(new ActOnIncomingReferralCommand(id, action, request == null ? null : request.reason(),
                StaffMember.of(token).id(), clock.instant()));
        return new Decision(id, action.result().name());
    }

    /**
     * @param directoryServiceId the directory service delivered: one of this agency's (any it lists, not only
     *                           the one referred to)
     * @param outcome            how it went: personal data (service outcome), sent back only under consent
     */
    record ServiceDeliveredForm(@NotBlank @Size(max = 100) String directoryServiceId, @NotNull @PastOrPresent LocalDate deliveredOn,
                                @NotBlank @Size(max = 2000) String outcome) {
        @Override
        public String toString() {
            return "ServiceDeliveredForm[" + directoryServiceId + "]";
        }
    }

    record DeliveryRecorded(String referralId, String deliveryId) {
    }

    @Operation(summary = "Record a service this agency delivered on the referral")
    @PostMapping("/{referralId}/services-delivered")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    ResponseEntity<DeliveryRecorded> recordServiceDelivered(@PathVariable String referralId,
                                                            @Valid @RequestBody ServiceDeliveredForm form,
                                                            @AuthenticationPrincipal Jwt token,
                                                            @Parameter(description = SafeRetries.DESCRIPTION)
                                                            @RequestHeader(name = SafeRetries.HEADER, required = false)
                                                            @Pattern(regexp = SafeRetries.KEY) String retryKey) {
        String id = RecordIds.ifWellFormed(referralId).orElseThrow(() -> new NotFoundException(NOT_FOUND));
        DirectoryService service = directory.serviceOf(thisAgency, form.directoryServiceId());
        String deliveryId = SafeRetries.deliveryId(thisAgency, id, retryKey);
        commands.sendAndWait(new RecordServiceDeliveredCommand(id, deliveryId, service.id(), service.supportService(),
                service.city(), form.deliveredOn(), PersonalData.serviceOutcome(form.outcome()),
                StaffMember.of(token).id(), clock.instant()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new DeliveryRecorded(id, deliveryId));
    }
}
