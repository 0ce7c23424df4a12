package org.saferwayout.agency.portal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.consent.application.ConsentView;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.domain.SafeRetries;
import org.saferwayout.agency.referral.model.ReferralAction;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.supportcase.api.CaseClosureReason;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.ActOnOutgoingReferralCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.CloseSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.ReopenSupportCaseCommand;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RequestReferralCommand;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseReads;
import org.saferwayout.agency.supportcase.application.SupportCaseView;
import org.saferwayout.agency.web.NotFoundException;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusReason;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
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
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A case: what happened across agencies (the timeline), its referrals with their states and deadlines, the
 * consents recorded for the survivor here, and the actions on it: refer, cancel a referral, close, reopen.
 * Read through {@link SupportCaseReads}, so showing a service outcome is recorded like the API's read.
 */
@Controller
class CasePage implements PortalController {

    private static final String NO_CASE = "No such case at this agency.";

    private final CommandGateway commands;
    private final SupportCaseReads reads;
    private final SupportCaseQueries cases;
    private final ConsentRegistry consents;
    private final NetworkDirectory directory;
    private final PortalWords words;
    private final AgencyId thisAgency;
    private final Clock clock;

    CasePage(CommandGateway commands, SupportCaseReads reads, SupportCaseQueries cases, ConsentRegistry consents,
             NetworkDirectory directory, PortalWords words, AgencyProperties agency, Clock clock) {
        this.commands = commands;
        this.reads = reads;
        this.cases = cases;
        this.consents = consents;
        this.directory = directory;
        this.words = words;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    /**
     * A referral as staff fill it in. The personal data fields are optional: only what a consent for the
     * recipient covers leaves this agency (the consent gate decides, as for the API).
     */
    record ReferForm(@NotNull(message = "Choose the agency to refer to.") AgencyId recipientAgency,
                     @NotNull(message = "Choose the kind of service.") SupportService service,
                     @NotNull(message = "Choose how urgent it is.") ReferralUrgency urgency,
                     @Size(max = 100) @Pattern(regexp = "|[a-z0-9-]+", message = "Choose a service from the directory.")
                     String directoryServiceId,
                     Boolean shareSafetyPlanSummary,
                     @Size(max = 200, message = "At most 200 characters.") String name,
                     @Past(message = "A date of birth is in the past.")
                     @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dateOfBirth,
                     @Size(max = 500, message = "At most 500 characters.") String contact,
                     @Size(max = 4000, message = "At most 4000 characters.") String health,
                     @Size(max = 4000, message = "At most 4000 characters.") String legal,
                     @Pattern(regexp = "|" + SafeRetries.KEY) String submissionKey) {

        /** Ids and choices only: name, birth date, contact, health and legal are personal data (never logged). */
        @Override
        public String toString() {
            return "ReferForm[" + recipientAgency + ", " + service + ", " + urgency + ", " + directoryServiceId + "]";
        }

        static ReferForm prefilled(AgencyId recipient, SupportService service, String directoryServiceId) {
            return new ReferForm(recipient, service, ReferralUrgency.URGENT, directoryServiceId, Boolean.FALSE, null, null,
                    null, null, null, FormInput.newSubmissionKey());
        }

        PersonalData personalData() {
            PersonalData data = new PersonalData(blankToNull(name), dateOfBirth, blankToNull(contact), null,
                    blankToNull(health), blankToNull(legal));
            return data.isEmpty() ? null : data;
        }
    }

    @GetMapping("/portal/cases/{caseId}")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    String show(@PathVariable String caseId, @RequestParam(required = false) AgencyId recipientAgency,
                @RequestParam(required = false) SupportService service,
                @RequestParam(required = false) String directoryServiceId, Model model, Authentication staff) {
        if (!model.containsAttribute("referForm")) {
            String chosen = directory.service(directoryServiceId).map(listed -> listed.id()).orElse(null);
            model.addAttribute("referForm", ReferForm.prefilled(recipientAgency, service, chosen));
        }
        SupportCaseView found = RecordIds.ifWellFormed(caseId).flatMap(id -> reads.read(id, staff))
                .orElseThrow(() -> new NotFoundException(NO_CASE));
        model.addAttribute("supportCase", found);
        model.addAttribute("timeline", Timeline.of(found, words));
        List<ConsentView> recordedHere = consents.ofSurvivor(new SurvivorRef(found.survivorRef())).stream()
                .filter(consent -> thisAgency.code().equals(consent.recordingAgency())).toList();
        // A release without her consent is never listed among her consents (ADR 005): it has its own, flagged table.
        model.addAttribute("consents", recordedHere.stream().filter(c -> !c.emergencyDisclosure()).toList());
        model.addAttribute("emergencyDisclosures", recordedHere.stream().filter(ConsentView::emergencyDisclosure).toList());
        model.addAttribute("partnerAgencies", Arrays.stream(AgencyId.values()).filter(a -> a != thisAgency).toList());
        model.addAttribute("services", SupportService.values());
        model.addAttribute("urgencies", ReferralUrgency.values());
        model.addAttribute("cancelReasons", ReferralAction.CANCEL.reasons());
        model.addAttribute("cancellable", (Predicate<String>) status -> ReferralAction.CANCEL.allowedFrom(
                ReferralStatus.valueOf(status)));
        model.addAttribute("closureReasons", CaseClosureReason.values());
        return "portal/case";
    }

    @PostMapping("/portal/cases/{caseId}/referrals")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String refer(@PathVariable String caseId, @Validated @ModelAttribute("referForm") ReferForm form,
                 BindingResult errors, Model model, Authentication staff, HttpServletResponse response,
                 RedirectAttributes redirect) {
        String id = requireCase(caseId);
        if (FormInput.rejected(errors, response)) {
            return show(id, null, null, null, model, staff);
        }
        // A second click sends the same submission key: the same referral id, requested once (ADR 021).
        String referralId = SafeRetries.referralId(thisAgency, id, FormInput.submissionKey(form.submissionKey()));
        commands.sendAndWait(new RequestReferralCommand(id, referralId, form.recipientAgency(), form.service(),
                directory.referralTarget(form.recipientAgency(), form.service(), blankToNull(form.directoryServiceId())),
                form.urgency(), StaffMember.of(staff).id(), clock.instant(), form.personalData(),
                Boolean.TRUE.equals(form.shareSafetyPlanSummary()), null, null));
        return backToCase(id, redirect, "Referral sent to " + words.agency(form.recipientAgency()) + ".",
                shown -> shown.referrals().stream().anyMatch(r -> r.referralId().equals(referralId)));
    }

    @PostMapping("/portal/cases/{caseId}/referrals/{referralId}/cancellation")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String cancel(@PathVariable String caseId, @PathVariable String referralId,
                  @RequestParam(required = false) ReferralStatusReason reason, Authentication staff,
                  RedirectAttributes redirect) {
        String id = requireCase(caseId);
        String referral = RecordIds.ifWellFormed(referralId)
                .orElseThrow(() -> new NotFoundException("No such referral on this case."));
        commands.sendAndWait(new ActOnOutgoingReferralCommand(id, referral, ReferralAction.CANCEL, reason,
                StaffMember.of(staff).id(), clock.instant()));
        return backToCase(id, redirect, "Referral cancelled.", shown -> shown.referrals().stream()
                .anyMatch(r -> r.referralId().equals(referral) && ReferralStatus.CANCELLED.name().equals(r.status())));
    }

    @PostMapping("/portal/cases/{caseId}/closure")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String close(@PathVariable String caseId, @RequestParam(required = false) CaseClosureReason reason,
                 Authentication staff, RedirectAttributes redirect) {
        String id = requireCase(caseId);
        if (reason == null) {
            redirect.addFlashAttribute("notice", "Choose why the case is closed; it was not closed.");
            return "redirect:/portal/cases/" + id;
        }
        commands.sendAndWait(new CloseSupportCaseCommand(id, reason, StaffMember.of(staff).id(), clock.instant()));
        return backToCase(id, redirect, "Case closed.", shown -> "CLOSED".equals(shown.status()));
    }

    @PostMapping("/portal/cases/{caseId}/reopening")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String reopen(@PathVariable String caseId, Authentication staff, RedirectAttributes redirect) {
        String id = requireCase(caseId);
        commands.sendAndWait(new ReopenSupportCaseCommand(id, StaffMember.of(staff).id(), clock.instant()));
        return backToCase(id, redirect, "Case reopened.", shown -> "OPEN".equals(shown.status()));
    }

    /** Back to the case once the read model shows the change (or says it is on its way). */
    private String backToCase(String caseId, RedirectAttributes redirect, String done, Predicate<SupportCaseView> shown) {
        boolean caughtUp = ReadModelCatchUp.awaitShown(() -> cases.find(caseId).filter(shown).isPresent());
        redirect.addFlashAttribute("notice", caughtUp ? done : done + " It will show here in a moment.");
        return "redirect:/portal/cases/" + caseId;
    }

    private static String requireCase(String caseId) {
        return RecordIds.ifWellFormed(caseId).orElseThrow(() -> new NotFoundException(NO_CASE));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
