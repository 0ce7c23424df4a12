package org.saferwayout.identity.server;

import java.util.function.Consumer;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * Authorization-endpoint check: after the standard redirect-URI/scope validation, a signed-in user of
 * another agency gets {@code error=access_denied} sent back to the portal instead of a code.
 */
public final class PortalAgencyAuthorizationValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> standard =
            new OAuth2AuthorizationCodeRequestAuthenticationValidator();
    private final PortalAgencyPolicy policy;

    public PortalAgencyAuthorizationValidator(PortalAgencyPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        standard.accept(context);
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        // The validator also runs before login (anonymous principal); only judge a signed-in user.
        if (!(request.getPrincipal() instanceof Authentication user)
                || user instanceof AnonymousAuthenticationToken
                || !user.isAuthenticated()) {
            return;
        }
        if (!policy.permits(context.getRegisteredClient().getClientId(), user.getName())) {
            OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
                    "user does not belong to the agency of this portal", null);
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, request);
        }
    }
}
