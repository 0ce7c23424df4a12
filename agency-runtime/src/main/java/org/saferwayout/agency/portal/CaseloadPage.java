package org.saferwayout.agency.portal;

import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.agency.supportcase.api.SupportCaseCommands.OpenSupportCaseCommand;
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.UUID;

/** My caseload: this agency's cases (states only, no personal data), and opening a new one. */
@Controller
class CaseloadPage implements PortalController {

    private final CommandGateway commands;
    private final SupportCaseQueries cases;
    private final AgencyId thisAgency;
    private final Clock clock;

    CaseloadPage(CommandGateway commands, SupportCaseQueries cases, AgencyProperties agency, Clock clock) {
        this.commands = commands;
        this.cases = cases;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    /** @param survivorRef the survivor's existing pseudonym, if the network already knows her; blank: a new one */
    record OpenCaseForm(@Pattern(regexp = "|SR-[0-9A-HJKMNP-TV-Z]{26}", message = "Enter a SurvivorRef like "
            + "SR- followed by 26 letters and digits, or leave it empty.") String survivorRef) {
    }

    @GetMapping("/portal/cases")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    String caseload(Model model) {
        if (!model.containsAttribute("openCaseForm")) {
            model.addAttribute("openCaseForm", new OpenCaseForm(""));
        }
        model.addAttribute("cases", cases.caseload());
        return "portal/caseload";
    }

    @PostMapping("/portal/cases")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String open(@Validated @ModelAttribute("openCaseForm") OpenCaseForm form, BindingResult errors, Model model,
                Authentication staff, HttpServletResponse response, RedirectAttributes redirect) {
        if (FormInput.rejected(errors, response)) {
            return caseload(model);
        }
        SurvivorRef survivor = form.survivorRef() == null || form.survivorRef().isEmpty()
                ? SurvivorRef.issue() : new SurvivorRef(form.survivorRef());
        String caseId = UUID.randomUUID().toString();
        commands.sendAndWait(new OpenSupportCaseCommand(caseId, survivor, thisAgency, StaffMember.of(staff).id(),
                clock.instant()));
        boolean shown = ReadModelCatchUp.awaitShown(() -> cases.find(caseId).isPresent());
        redirect.addFlashAttribute("notice", shown ? "Case opened." : "Case opened; it will show here in a moment.");
        return shown ? "redirect:/portal/cases/" + caseId : "redirect:/portal/cases";
    }
}
