package org.saferwayout.agency.referral.web;

import jakarta.validation.Valid;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ActOnIncomingReferralCommand;
import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.events.ReferralStatusReason;
import org.springframework.web.bind.annotation.RequestBody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.saferwayout.agency.referral.application.InboxEntryView;
import org.saferwayout.agency.referral.application.ReferralInboxQueries;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.web.NotFoundException;
import org.saferwayout.agency.domain.RecordIds;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    private final ReferralInboxQueries queries;
    private final Clock clock;

    ReferralInboxController(CommandGateway commands, ReferralInboxQueries queries, Clock clock) {
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
    InboxEntryView find(@PathVariable String referralId) {
        return RecordIds.ifWellFormed(referralId).flatMap(queries::find)
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
}
