package org.saferwayout.agency.portal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.directory.DirectoryService;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.domain.SafeRetries;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.ActOnIncomingReferralCommand;
import org.saferwayout.agency.referral.api.IncomingReferralCommands.RecordServiceDeliveredCommand;
import org.saferwayout.agency.referral.application.InboxEntryView;
import org.saferwayout.agency.referral.application.ReferralInboxQueries;
import org.saferwayout.agency.referral.application.ReferralInboxReads;
import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.web.NotFoundException;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The referral inbox (addressed to this agency) and outbox (sent from its cases), with states, deadlines and
 * overdue ones called out in words; a received referral with the personal data a consent covers (read through
 * {@link ReferralInboxReads}, so it is recorded) and the recipient's actions and services delivered.
 */
@Controller
class ReferralPages implements PortalController {

    private static final String NOT_FOUND = "No such referral in this agency's inbox.";
    /** Enough for a day's work, those waiting for an answer first; the API pages through the rest. */
    private static final int INBOX_PAGE = 200;
    private static final int OUTBOX_PAGE = 200;

    private final CommandGateway commands;
    private final ReferralInboxQueries inbox;
    private final ReferralInboxReads reads;
    private final SupportCaseQueries cases;
    private final NetworkDirectory directory;
    private final PortalWords words;
    private final AgencyId thisAgency;
    private final Clock clock;

    ReferralPages(CommandGateway commands, ReferralInboxQueries inbox, ReferralInboxReads reads,
                  SupportCaseQueries cases, NetworkDirectory directory, PortalWords words, AgencyProperties agency,
                  Clock clock) {
        this.words = words;
        this.commands = commands;
        this.inbox = inbox;
        this.reads = reads;
        this.cases = cases;
        this.directory = directory;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    /** @param outcome how it went, in a few words: personal data, sent back to the requester only under consent */
    record ServiceDeliveredForm(@NotBlank(message = "Choose the service delivered.") @Size(max = 100) String directoryServiceId,
                                @NotNull(message = "Give the day it was delivered.")
                                @PastOrPresent(message = "The day cannot be in the future.")
                                @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate deliveredOn,
                                @NotBlank(message = "Say briefly how it went.")
                                @Size(max = 2000, message = "At most 2000 characters.") String outcome,
                                @Pattern(regexp = "|" + SafeRetries.KEY) String submissionKey) {
        /** Without the outcome, which is personal data (never logged). */
        @Override
        public String toString() {
            return "ServiceDeliveredForm[" + directoryServiceId + ", " + deliveredOn + "]";
        }
    }

    @GetMapping("/portal/referrals/inbox")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    String inbox(Model model) {
        model.addAttribute("referrals", inbox.worklist(INBOX_PAGE));
        model.addAttribute("total", inbox.count());
        return "portal/inbox";
    }

    @GetMapping("/portal/referrals/outbox")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    String outbox(Model model) {
        SupportCaseQueries.Outbox outbox = cases.outbox(OUTBOX_PAGE);
        model.addAttribute("referrals", outbox.referrals());
        model.addAttribute("total", outbox.total());
        return "portal/outbox";
    }

    @GetMapping("/portal/referrals/inbox/{referralId}")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    String received(@PathVariable String referralId, Model model, Authentication staff) {
        InboxEntryView referral = RecordIds.ifWellFormed(referralId).flatMap(id -> reads.read(id, staff))
                .orElseThrow(() -> new NotFoundException(NOT_FOUND));
        List<DirectoryService> ownServices = directory.services().stream()
                .filter(service -> service.agency() == thisAgency).toList();
        if (!model.containsAttribute("serviceDeliveredForm")) {
            String referredTo = referral.directoryServiceId() != null ? referral.directoryServiceId()
                    : ownServices.stream().filter(s -> s.supportService().name().equals(referral.service()))
                    .map(DirectoryService::id).findFirst().orElse(null);
            model.addAttribute("serviceDeliveredForm", new ServiceDeliveredForm(referredTo,
                    LocalDate.now(clock.withZone(PortalWords.NETWORK_TIME)), null, FormInput.newSubmissionKey()));
        }
        ReferralStatus status = ReferralStatus.valueOf(referral.status());
        model.addAttribute("referral", referral);
        model.addAttribute("personalData", shown(referral.personalData()));
        model.addAttribute("timeline", Timeline.of(referral, words));
        model.addAttribute("actions", Arrays.stream(ReferralAction.values())
                .filter(action -> action.side() == ReferralSide.RECIPIENT && action.allowedFrom(status)).toList());
        model.addAttribute("ownServices", ownServices);
        return "portal/received-referral";
    }

    @PostMapping("/portal/referrals/inbox/{referralId}/actions/{action}")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String act(@PathVariable String referralId, @PathVariable ReferralAction action,
               @RequestParam(required = false) ReferralStatusReason reason, Authentication staff,
               RedirectAttributes redirect) {
        String id = requireReferral(referralId);
        commands.sendAndWait(new ActOnIncomingReferralCommand(id, action, reason, StaffMember.of(staff).id(),
                clock.instant()));
        return backToReferral(id, redirect, "Done: the referral is now " + words.code(action.result()) + ".",
                now -> action.result().name().equals(now.status()));
    }

    @PostMapping("/portal/referrals/inbox/{referralId}/services-delivered")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String recordServiceDelivered(@PathVariable String referralId,
                                  @Validated @ModelAttribute("serviceDeliveredForm") ServiceDeliveredForm form,
                                  BindingResult errors, Model model, Authentication staff,
                                  HttpServletResponse response, RedirectAttributes redirect) {
        String id = requireReferral(referralId);
        if (FormInput.rejected(errors, response)) {
            return received(id, model, staff);
        }
        DirectoryService service = directory.serviceOf(thisAgency, form.directoryServiceId());
        // A second click sends the same submission key: the same delivery id, recorded once (ADR 021).
        String deliveryId = SafeRetries.deliveryId(thisAgency, id, FormInput.submissionKey(form.submissionKey()));
        commands.sendAndWait(new RecordServiceDeliveredCommand(id, deliveryId, service.id(),
                service.supportService(), service.city(), form.deliveredOn(), PersonalData.serviceOutcome(form.outcome()),
                StaffMember.of(staff).id(), clock.instant()));
        return backToReferral(id, redirect, "Service recorded.", now -> now.servicesDelivered().stream()
                .anyMatch(delivered -> delivered.deliveryId().equals(deliveryId)));
    }

    private String backToReferral(String referralId, RedirectAttributes redirect, String done,
                                  Predicate<InboxEntryView> shown) {
        boolean caughtUp = ReadModelCatchUp.awaitShown(() -> inbox.find(referralId).filter(shown).isPresent());
        redirect.addFlashAttribute("notice", caughtUp ? done : done + " It will show here in a moment.");
        return "redirect:/portal/referrals/inbox/" + referralId;
    }

    /** The personal data on the page, field by field, in the order staff read it; only what is there. */
    private static List<String[]> shown(PersonalData data) {
        if (data == null) {
            return List.of();
        }
        List<String[]> fields = new ArrayList<>();
        add(fields, "Name", data.name());
        add(fields, "Date of birth", data.dateOfBirth() == null ? null : data.dateOfBirth().toString());
        add(fields, "How to contact them", data.contact());
        add(fields, "Safety plan summary", data.safetyPlanSummary());
        add(fields, "Health information", data.health());
        add(fields, "Legal and court information", data.legal());
        return fields;
    }

    private static void add(List<String[]> fields, String label, String value) {
        if (value != null) {
            fields.add(new String[] {label, value});
        }
    }

    private static String requireReferral(String referralId) {
        return RecordIds.ifWellFormed(referralId).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }
}
