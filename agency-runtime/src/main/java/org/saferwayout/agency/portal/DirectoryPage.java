package org.saferwayout.agency.portal;

import org.saferwayout.agency.directory.DirectoryService;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SupportService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.Locale;

/**
 * Searching the network's service directory (the one REACH serves as HSDS, loaded by every service) by kind,
 * agency, city and words; from a case, each result leads back to the case's referral form, filled in.
 */
@Controller
class DirectoryPage implements PortalController {

    private static final int MAX_WORDS = 100;

    private final NetworkDirectory directory;

    DirectoryPage(NetworkDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/portal/directory")
    @PreAuthorize(AgencyRoles.CASE_READERS)
    String search(@RequestParam(required = false) SupportService service, @RequestParam(required = false) AgencyId agency,
                  @RequestParam(required = false) String city, @RequestParam(required = false) String words,
                  @RequestParam(required = false) String caseId, Model model) {
        String text = words == null ? "" : words.strip();
        if (text.length() > MAX_WORDS) {
            text = text.substring(0, MAX_WORDS);
        }
        String wanted = text.toLowerCase(Locale.ROOT);
        List<DirectoryService> found = directory.services().stream()
                .filter(listed -> service == null || listed.supportService() == service)
                .filter(listed -> agency == null || listed.agency() == agency)
                .filter(listed -> city == null || city.isBlank() || listed.city().equals(city))
                .filter(listed -> wanted.isEmpty() || listed.name().toLowerCase(Locale.ROOT).contains(wanted)
                        || listed.city().toLowerCase(Locale.ROOT).contains(wanted))
                .toList();
        model.addAttribute("results", found);
        model.addAttribute("services", SupportService.values());
        model.addAttribute("agencies", AgencyId.values());
        model.addAttribute("cities", directory.cities());
        model.addAttribute("chosenService", service);
        model.addAttribute("chosenAgency", agency);
        model.addAttribute("chosenCity", city);
        model.addAttribute("words", text);
        // Only a well-formed id goes back into links: nothing from the query string is echoed unchecked.
        model.addAttribute("caseId", RecordIds.ifWellFormed(caseId).orElse(null));
        return "portal/directory";
    }
}
