package org.saferwayout.agency.portal;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.saferwayout.agency.security.AgencyTokenConverter;
import org.saferwayout.agency.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

/**
 * What every portal page shares: the layout's model (agency, who is signed in, navigation) and errors as
 * pages with fixed wording. A rule's refusal (a 409 in the API) shows the rule's own fixed message; nothing
 * from the request or an exception's message is ever shown or logged (it could carry a survivor's data).
 */
@ControllerAdvice(assignableTypes = PortalController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PortalPages {

    private static final Logger log = LoggerFactory.getLogger(PortalPages.class);
    private static final String PROBLEM_VIEW = "portal/problem";
    static final String NOT_PERMITTED = "Your account may not open this page: it belongs to another agency, or "
            + "needs a role you do not have.";

    private final AgencyProperties agency;
    private final PortalWords words;
    private final ObjectProvider<PortalLink> contributedLinks;

    PortalPages(AgencyProperties agency, PortalWords words, ObjectProvider<PortalLink> contributedLinks) {
        this.agency = agency;
        this.words = words;
        this.contributedLinks = contributedLinks;
    }

    @ModelAttribute
    void layout(Model model, HttpServletRequest request) {
        model.addAllAttributes(layoutModel(request));
    }

    /** Navigation only for this agency's staff: every link would refuse anyone else. */
    private Map<String, Object> layoutModel(HttpServletRequest request) {
        Map<String, Object> layout = new HashMap<>();
        layout.put("agencyName", words.agency(agency.id()));
        layout.put("currentPath", request.getRequestURI());
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        String agencyAuthority = AgencyTokenConverter.AGENCY_AUTHORITY_PREFIX + agency.id().code();
        if (signedIn != null && signedIn.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(agencyAuthority))) {
            layout.put("signedInAs", signedIn.getName());
            layout.put("navigation", navigation());
        }
        return layout;
    }

    private List<PortalLink> navigation() {
        List<PortalLink> links = new ArrayList<>(List.of(
                new PortalLink("nav-caseload", "My caseload", "/portal/cases"),
                new PortalLink("nav-inbox", "Referral inbox", "/portal/referrals/inbox"),
                new PortalLink("nav-outbox", "Referral outbox", "/portal/referrals/outbox"),
                new PortalLink("nav-directory", "Service directory", "/portal/directory")));
        contributedLinks.orderedStream().forEach(links::add);
        return links;
    }

    @ExceptionHandler(DomainRuleViolation.class)
    ModelAndView refused(DomainRuleViolation e, HttpServletRequest request) {
        return problem(request, HttpStatus.CONFLICT, "This was not done", e.getMessage());
    }

    @ExceptionHandler({NotFoundException.class, AggregateNotFoundException.class})
    ModelAndView notFound(Exception e, HttpServletRequest request) {
        return problem(request, HttpStatus.NOT_FOUND, "Not found", "There is no such record at this agency.");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView denied(AccessDeniedException e, HttpServletRequest request) {
        return problem(request, HttpStatus.FORBIDDEN, "Not permitted", NOT_PERMITTED);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView malformed(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(request, HttpStatus.BAD_REQUEST, "Not understood", "The address or form was not as expected.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse mvcProblem) {
            HttpStatus status = HttpStatus.resolve(mvcProblem.getStatusCode().value());
            if (status != null && status.is4xxClientError()) {
                return problem(request, status, "Not understood", "This request cannot be handled as sent.");
            }
        }
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected {} on a portal page (incident {})", e.getClass().getName(), incident, withoutMessage(e));
        return problem(request, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "Nothing was changed unless the page you come back to says so. Incident " + incident + ".");
    }

    /** A page that says what went wrong, in the layout, with the status the API would answer. */
    ModelAndView problem(HttpServletRequest request, HttpStatus status, String title, String message) {
        ModelAndView page = new ModelAndView(PROBLEM_VIEW, status);
        page.addAllObjects(layoutModel(request));
        page.addObject("problemTitle", title);
        page.addObject("problemMessage", message);
        return page;
    }

    private static Throwable withoutMessage(Throwable e) {
        Throwable copy = new Throwable(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
