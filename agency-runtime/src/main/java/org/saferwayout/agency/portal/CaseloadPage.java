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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.UUID;

/** My caseload: this agency's cases (states only, no personal data), and opening a new one. */
@Controller
class CaseloadPage implements PortalController {

    static final int PAGE_SIZE = 100;

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

    /** @param page which page of {@value #PAGE_SIZE} cases, from 0 (one out of range shows the nearest page) */
    @GetMapping("/portal/cases")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    String caseload(@RequestParam(defaultValue = "0") int page, Model model) {
        if (!model.containsAttribute("openCaseForm")) {
            model.addAttribute("openCaseForm", new OpenCaseForm(""));
        }
        long total = cases.count();
        int lastPage = (int) Math.max(0, (total - 1) / PAGE_SIZE);
        int shown = Math.min(Math.max(page, 0), lastPage);
        model.addAttribute("cases", cases.caseload(shown, PAGE_SIZE));
        model.addAttribute("total", total);
        model.addAttribute("page", shown);
        model.addAttribute("firstShown", (long) shown * PAGE_SIZE + 1);
        model.addAttribute("previousPage", shown > 0 ? shown - 1 : null);
        model.addAttribute("nextPage", shown < lastPage ? shown + 1 : null);
        return "portal/caseload";
    }

    @PostMapping("/portal/cases")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String open(@Validated @ModelAttribute("openCaseForm") OpenCaseForm form, BindingResult errors, Model model,
                Authentication staff, HttpServletResponse response, RedirectAttributes redirect) {
        if (FormInput.rejected(errors, response)) {
            return caseload(0, model);
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
