package org.saferwayout.agency.portal;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The portal's entry and the pages around signing in and out. */
@Controller
class PortalPagesController implements PortalController {

    @GetMapping("/portal")
    String home() {
        return "redirect:/portal/cases";
    }

    /** Where a refused request is forwarded: another agency's user, or a role the page does not allow. */
    @RequestMapping(PortalSecurityConfiguration.DENIED)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "portal/denied";
    }

    @GetMapping(PortalSecurityConfiguration.SIGNED_OUT)
    String signedOut() {
        return "portal/signed-out";
    }

    /** The provider refused (e.g. a user of another agency at this agency's portal) or the exchange failed. */
    @GetMapping(PortalSecurityConfiguration.SIGN_IN_FAILED)
    @ResponseStatus(HttpStatus.UNAUTHORIZED)
    String signInFailed() {
        return "portal/sign-in-failed";
    }
}
