package org.saferwayout.agency.portal;

import jakarta.servlet.DispatcherType;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.security.AgencyTokenConverter;
import org.saferwayout.agency.security.ClientRateLimitFilter;
import org.saferwayout.agency.security.SecurityProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.MissingCsrfTokenException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The portal's own filter chain, ahead of the bearer-token API chain: staff sign in with OIDC (authorization
 * code with PKCE) at the identity provider, and hold a server-side session (cookie HttpOnly, SameSite=Lax,
 * 15 minutes idle; {@code server.servlet.session}). Deny by default: every portal page needs this agency's
 * authority, then a role checked on each page with the API's own rules ({@code AgencyRoles}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
public class PortalSecurityConfiguration {

    public static final String REGISTRATION_ID = "swo";
    static final String SIGN_IN = "/oauth2/authorization/" + REGISTRATION_ID;
    static final String SIGNED_OUT = "/portal/signed-out";
    static final String SIGN_IN_FAILED = "/portal/sign-in-failed";
    static final String DENIED = "/portal/denied";
    static final String STYLESHEET = "/portal/portal.css";

    /**
     * No script, no inline style, nothing framed; forms post only here, or on to the identity provider: Chrome
     * applies form-action to the redirects after a post too (signing out ends the provider's session; a form
     * posted after the session expired goes to sign in).
     */
    public static String contentSecurityPolicy(String issuerOrigin) {
        return "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' " + issuerOrigin
                + "; frame-ancestors 'none'; base-uri 'none'";
    }

    @Bean
    @Order(1)
    public SecurityFilterChain portalSecurity(HttpSecurity http, AgencyProperties agency, ServerProperties server,
                                              ClientRegistrationRepository registrations,
                                              ClientRateLimitFilter rateLimit) throws Exception {
        ClientRegistration provider = registrations.findByRegistrationId(REGISTRATION_ID);
        URI issuer = URI.create(provider.getProviderDetails().getIssuerUri());
        String issuerOrigin = issuer.getScheme() + "://" + issuer.getRawAuthority();
        // Signing out ends the provider's session too, or the next person at this screen is signed in silently.
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}" + SIGNED_OUT);
        signedOut.setDefaultTargetUrl(SIGNED_OUT);
        DefaultOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        String sessionCookie = Objects.requireNonNullElse(server.getServlet().getSession().getCookie().getName(),
                "JSESSIONID");
        AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
        denied.setErrorPage(DENIED);
        rateLimit.addToSessionChain(http); // the same per-client limit as the API (ADR 017), sign-in included
        http
                .securityMatcher("/portal/**", "/oauth2/**", "/login/**", "/logout")
                .authorizeHttpRequests(requests -> requests
                        // the denied and error pages are rendered by forwarding, after the decision
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers(STYLESHEET, SIGNED_OUT, SIGN_IN_FAILED).permitAll()
                        .anyRequest().hasAuthority(AgencyTokenConverter.AGENCY_AUTHORITY_PREFIX + agency.id().code()))
                .oauth2Login(login -> login
                        // straight to the provider: no login page of our own to keep in step with it
                        .loginPage(SIGN_IN)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests))
                        .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(agencyAuthorities()))
                        .defaultSuccessUrl("/portal", true)
                        .failureUrl(SIGN_IN_FAILED))
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .deleteCookies(sessionCookie)
                        .logoutSuccessHandler(signedOut))
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(signInAgainWhenExpired(denied)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(issuerOrigin)))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * The provider's endpoints are written out from the issuer, not discovered: the service starts while the
     * provider is down, and its keys are fetched on the first sign-in.
     */
    @Bean
    public ClientRegistrationRepository portalClientRegistrations(PortalProperties portal, SecurityProperties security,
                                                                  AgencyProperties agency) {
        String issuer = portal.issuer() == null || portal.issuer().isBlank()
                ? security.trustedIssuers().get(0) : portal.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientName("Safer Way Out sign-in")
                .clientId(portal.clientIdOf(agency.id()))
                .clientSecret(portal.clientSecretOf(agency.id()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(OidcScopes.OPENID, OidcScopes.PROFILE)
                .issuerUri(issuer)
                .authorizationUri(base + "/oauth2/authorize")
                .tokenUri(base + "/oauth2/token")
                .jwkSetUri(base + "/oauth2/jwks")
                .providerConfigurationMetadata(Map.of("end_session_endpoint", base + "/connect/logout"))
                // no user-info call: the ID token carries the agency and roles
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .build());
    }

    /** The signed-in user's authorities are her ID token's agency and roles, mapped exactly as the API maps them. */
    public static GrantedAuthoritiesMapper agencyAuthorities() {
        return authorities -> {
            Collection<GrantedAuthority> mapped = new ArrayList<>();
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    mapped.addAll(AgencyTokenConverter.authoritiesOf(oidc.getIdToken()));
                }
            }
            return List.copyOf(mapped);
        };
    }

    /**
     * A form posted after the session expired has no CSRF token to match: that is not a refusal of this person
     * (the denied page says "another agency or role") but a session to start again, so it goes to sign-in.
     * A session that is still valid but a post without its token (a forgery) stays refused.
     */
    private static AccessDeniedHandler signInAgainWhenExpired(AccessDeniedHandler denied) {
        return (request, response, refusal) -> {
            if (refusal instanceof MissingCsrfTokenException && request.getRequestedSessionId() != null
                    && !request.isRequestedSessionIdValid()) {
                response.sendRedirect(request.getContextPath() + SIGN_IN);
                return;
            }
            denied.handle(request, response, refusal);
        };
    }
}
