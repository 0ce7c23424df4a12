package org.saferwayout.agency.portal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.RecordSafetyPlanCommand;
import org.saferwayout.agency.supportcase.application.SafetyPlanView;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseReads;
import org.saferwayout.agency.web.NotFoundException;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.util.List;

/**
 * The case's short-term safety plan: every version, newest first, and a new version written over the last
 * (versions are never changed). Read through {@link SupportCaseReads}, so each read is recorded.
 */
@Controller
class SafetyPlanPage implements PortalController {

    private static final String NO_CASE = "No such case at this agency.";

    private final CommandGateway commands;
    private final SupportCaseReads reads;
    private final SupportCaseQueries cases;
    private final Clock clock;

    SafetyPlanPage(CommandGateway commands, SupportCaseReads reads, SupportCaseQueries cases, Clock clock) {
        this.commands = commands;
        this.reads = reads;
        this.cases = cases;
        this.clock = clock;
    }

    record SafetyPlanForm(@NotBlank(message = "Write a summary of the plan.")
                          @Size(max = 2000, message = "At most 2000 characters.") String summary,
                          @Size(max = 20000, message = "At most 20000 characters.") String details) {
        /** A safety plan is personal data through and through (never logged). */
        @Override
        public String toString() {
            return "SafetyPlanForm[withheld]";
        }
    }

    @GetMapping("/portal/cases/{caseId}/safety-plan")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String show(@PathVariable String caseId, Model model, Authentication staff) {
        String id = requireCase(caseId);
        List<SafetyPlanView> versions = reads.readSafetyPlans(id, staff).orElseThrow(() -> new NotFoundException(NO_CASE));
        if (!model.containsAttribute("safetyPlanForm")) {
            model.addAttribute("safetyPlanForm", versions.isEmpty() ? new SafetyPlanForm("", "")
                    : new SafetyPlanForm(versions.get(0).summary(), versions.get(0).details()));
        }
        model.addAttribute("caseId", id);
        model.addAttribute("versions", versions);
        return "portal/safety-plan";
    }

    @PostMapping("/portal/cases/{caseId}/safety-plan")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String record(@PathVariable String caseId, @Validated @ModelAttribute("safetyPlanForm") SafetyPlanForm form,
                  BindingResult errors, Model model, Authentication staff, HttpServletResponse response,
                  RedirectAttributes redirect) {
        String id = requireCase(caseId);
        if (FormInput.rejected(errors, response)) {
            return show(id, model, staff);
        }
        int before = cases.find(id).orElseThrow(() -> new NotFoundException(NO_CASE)).safetyPlanVersion();
        commands.sendAndWait(new RecordSafetyPlanCommand(id, form.summary().trim(),
                form.details() == null || form.details().isBlank() ? null : form.details(), StaffMember.of(staff).id(),
                clock.instant()));
        boolean shown = ReadModelCatchUp.awaitShown(() -> cases.find(id)
                .filter(now -> now.safetyPlanVersion() > before).isPresent()
                && cases.safetyPlans(id).size() > before);
        redirect.addFlashAttribute("notice", shown ? "Safety plan version " + (before + 1) + " recorded."
                : "Safety plan recorded; it will show here in a moment.");
        return "redirect:/portal/cases/" + id + "/safety-plan";
    }

    private static String requireCase(String caseId) {
        return RecordIds.ifWellFormed(caseId).orElseThrow(() -> new NotFoundException(NO_CASE));
    }
}
