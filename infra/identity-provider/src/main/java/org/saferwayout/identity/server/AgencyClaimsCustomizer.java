package org.saferwayout.identity.server;

import org.saferwayout.identity.config.IdentityProperties;
import org.saferwayout.identity.config.IdentityProperties.DemoUser;
import org.saferwayout.identity.config.IdentityProperties.SystemClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds the network's claims ({@code agency}, {@code roles}, and {@code preferred_username} for
 * people) to access and ID tokens. Client-credentials tokens describe the agency system itself;
 * every other grant describes the signed-in user.
 */
public final class AgencyClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    public static final String AGENCY_CLAIM = "agency";
    public static final String ROLES_CLAIM = "roles";

    private final IdentityProperties properties;
    private final PortalAgencyPolicy portalAgencyPolicy;

    public AgencyClaimsCustomizer(IdentityProperties properties, PortalAgencyPolicy portalAgencyPolicy) {
        this.properties = properties;
        this.portalAgencyPolicy = portalAgencyPolicy;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!accessToken && !idToken) {
            return;
        }
        String clientId = context.getRegisteredClient().getClientId();
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            SystemClient client = properties.systemClient(clientId)
                    .orElseThrow(() -> accessDenied("client is not an agency system"));
            context.getClaims()
                    .claim(AGENCY_CLAIM, client.agency().claimValue())
                    .claim(ROLES_CLAIM, client.roles());
            return;
        }
        String username = context.getPrincipal().getName();
        // Backstop for the check at the authorization endpoint: never mint a portal token for another agency's user.
        if (!portalAgencyPolicy.permits(clientId, username)) {
            throw accessDenied("user does not belong to the agency of this portal");
        }
        DemoUser user = properties.user(username)
                .orElseThrow(() -> accessDenied("user has no agency"));
        context.getClaims()
                .claim(AGENCY_CLAIM, user.agency().claimValue())
                .claim(ROLES_CLAIM, user.roles())
                .claim(StandardClaimNames.PREFERRED_USERNAME, user.username());
    }

    private static OAuth2AuthenticationException accessDenied(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, description, null));
    }
}
