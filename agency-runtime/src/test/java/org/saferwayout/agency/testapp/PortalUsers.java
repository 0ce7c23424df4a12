package org.saferwayout.agency.testapp;

import org.saferwayout.agency.portal.PortalSecurityConfiguration;
import org.saferwayout.agency.security.AgencyTokenConverter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;

/**
 * Staff signed in to a portal for MockMvc: an ID token with the provider's {@code agency} and {@code roles}
 * claims, its authorities mapped by the portal's own mapper (so the real claim mapping is exercised).
 */
public final class PortalUsers {

    /** Signed in through the portal's registration, as its sign-out expects (its endpoints are never called). */
    private static final ClientRegistration PORTAL_CLIENT = ClientRegistration
            .withRegistrationId(PortalSecurityConfiguration.REGISTRATION_ID)
            .clientId("test-portal")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
            .authorizationUri("http://127.0.0.1:9000/oauth2/authorize")
            .tokenUri("http://127.0.0.1:9000/oauth2/token")
            .build();

    private PortalUsers() {
    }

    public static OidcLoginRequestPostProcessor of(String agency, String... roles) {
        return forSubject(agency + "-staff", agency, roles);
    }

    public static OidcLoginRequestPostProcessor forSubject(String subject, String agency, String... roles) {
        OidcIdToken idToken = OidcIdToken.withTokenValue("id-token")
                .issuer("http://127.0.0.1:9000")
                .subject(subject)
                .claim(AgencyTokenConverter.AGENCY_CLAIM, agency)
                .claim(AgencyTokenConverter.ROLES_CLAIM, List.of(roles))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300))
                .build();
        Collection<? extends GrantedAuthority> authorities = PortalSecurityConfiguration.agencyAuthorities()
                .mapAuthorities(List.of(new OidcUserAuthority(idToken)));
        return oidcLogin().clientRegistration(PORTAL_CLIENT).oidcUser(new DefaultOidcUser(authorities, idToken));
    }
}
