package org.saferwayout.agency.portal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Future;
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
import org.saferwayout.agency.supportcase.application.SupportCaseQueries;
import org.saferwayout.agency.supportcase.application.SupportCaseView;
import org.saferwayout.agency.web.NotFoundException;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.SurvivorRef;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * Recording a survivor's consent for a partner agency, in words she can follow (what, with whom, for what,
 * until when), with how it was given and who witnessed it; reading it back; withdrawing it.
 */
@Controller
class ConsentPage implements PortalController {

    private static final String NO_CASE = "No such case at this agency.";
    private static final String NO_CONSENT = "No such consent recorded at or granted to this agency.";

    private final CommandGateway commands;
    private final ConsentRegistry registry;
    private final SupportCaseQueries cases;
    private final ConsentProperties settings;
    private final AgencyId thisAgency;
    private final Clock clock;

    ConsentPage(CommandGateway commands, ConsentRegistry registry, SupportCaseQueries cases,
                ConsentProperties settings, AgencyProperties agency, Clock clock) {
        this.commands = commands;
        this.registry = registry;
        this.cases = cases;
        this.settings = settings;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    /** @param validUntil the last day the consent holds (it ends at the close of that day, network time) */
    record ConsentForm(@NotNull(message = "Choose the agency the survivor agrees to share with.") AgencyId granteeAgency,
                       @NotEmpty(message = "Tick at least one purpose.") Set<ConsentPurpose> purposes,
                       @NotEmpty(message = "Tick at least one kind of information.") Set<DataCategory> categories,
                       @NotNull(message = "Give the last day the consent holds.")
                       @Future(message = "The last day must be after today.")
                       @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validUntil,
                       @NotNull(message = "Say how the survivor gave consent.") ConsentMethod method,
                       @Size(max = 100, message = "At most 100 characters.") String witness,
                       @NotNull @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})?",
                               message = "Choose the language the consent was given in.") String language) {
    }

    @GetMapping("/portal/cases/{caseId}/consents/new")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String form(@PathVariable String caseId, Model model) {
        SupportCaseView found = requireCase(caseId);
        if (!model.containsAttribute("consentForm")) {
            LocalDate lastDay = clock.instant().plus(settings.defaultTerm()).atZone(PortalWords.NETWORK_TIME).toLocalDate();
            model.addAttribute("consentForm", new ConsentForm(null, Set.of(), Set.of(), lastDay,
                    ConsentMethod.WRITTEN, null, "en"));
        }
        model.addAttribute("supportCase", found);
        model.addAttribute("partnerAgencies", Arrays.stream(AgencyId.values()).filter(a -> a != thisAgency).toList());
        model.addAttribute("purposes", ConsentPurpose.values());
        model.addAttribute("categories", DataCategory.values());
        model.addAttribute("methods", ConsentMethod.values());
        return "portal/consent-form";
    }

    @PostMapping("/portal/cases/{caseId}/consents")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String record(@PathVariable String caseId, @Validated @ModelAttribute("consentForm") ConsentForm form,
                  BindingResult errors, Model model, Authentication staff, HttpServletResponse response,
                  RedirectAttributes redirect) {
        SupportCaseView found = requireCase(caseId);
        if (FormInput.rejected(errors, response)) {
            return form(caseId, model);
        }
        Instant now = clock.instant();
        Instant validUntil = form.validUntil().plusDays(1).atStartOfDay(PortalWords.NETWORK_TIME).toInstant();
        String consentId = UUID.randomUUID().toString();
        try {
            commands.sendAndWait(new RecordConsentCommand(consentId, new SurvivorRef(found.survivorRef()), thisAgency,
                    form.granteeAgency(), form.purposes(), form.categories(), now, validUntil, form.method(),
                    form.witness() == null || form.witness().isBlank() ? null : form.witness().trim(), form.language(),
                    StaffMember.of(staff).id(), null, now));
        } catch (DomainRuleViolation refused) {
            // Shown on the form, which keeps what was entered: e.g. a verbal consent without its witness.
            errors.reject(refused.code(), refused.getMessage());
            response.setStatus(HttpStatus.CONFLICT.value());
            return form(caseId, model);
        }
        boolean shown = ReadModelCatchUp.awaitShown(() -> registry.find(consentId).isPresent());
        redirect.addFlashAttribute("notice", shown ? "Consent recorded." : "Consent recorded; it will show here in a moment.");
        return shown ? "redirect:/portal/consents/" + consentId : "redirect:/portal/cases/" + found.caseId();
    }

    @GetMapping("/portal/consents/{consentId}")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    String show(@PathVariable String consentId, Model model) {
        ConsentView consent = visible(consentId);
        model.addAttribute("consent", consent);
        model.addAttribute("recordedHere", thisAgency.code().equals(consent.recordingAgency()));
        model.addAttribute("caseId", cases.caseIdFor(new SurvivorRef(consent.survivorRef())).orElse(null));
        return "portal/consent";
    }

    @PostMapping("/portal/consents/{consentId}/withdrawal")
    @PreAuthorize(AgencyRoles.CASE_WORKERS)
    String withdraw(@PathVariable String consentId, Authentication staff, RedirectAttributes redirect) {
        ConsentView consent = visible(consentId);
        if (consent.emergencyDisclosure()) {
            // As the API: an emergency disclosure is no consent to withdraw; it ends by time.
            throw new NotFoundException(NO_CONSENT);
        }
        commands.sendAndWait(new WithdrawConsentCommand(consent.consentId(), StaffMember.of(staff).id(), clock.instant()));
        boolean shown = ReadModelCatchUp.awaitShown(() -> registry.find(consent.consentId())
                .filter(now -> !ConsentRegistry.ConsentState.GIVEN.name().equals(now.state())).isPresent());
        redirect.addFlashAttribute("notice", shown ? "Consent withdrawn: it no longer permits any sharing."
                : "Consent withdrawn; it will show here in a moment.");
        return "redirect:/portal/consents/" + consent.consentId();
    }

    private ConsentView visible(String consentId) {
        return RecordIds.ifWellFormed(consentId).flatMap(id -> registry.findVisibleTo(thisAgency, id))
                .orElseThrow(() -> new NotFoundException(NO_CONSENT));
    }

    private SupportCaseView requireCase(String caseId) {
        return RecordIds.ifWellFormed(caseId).flatMap(cases::find).orElseThrow(() -> new NotFoundException(NO_CASE));
    }
}
