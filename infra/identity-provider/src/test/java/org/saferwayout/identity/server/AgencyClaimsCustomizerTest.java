package org.saferwayout.identity.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.saferwayout.identity.config.Agency;
import org.saferwayout.identity.config.IdentityProperties;
import org.saferwayout.identity.config.IdentityProperties.DemoUser;
import org.saferwayout.identity.config.IdentityProperties.PortalClient;
import org.saferwayout.identity.config.IdentityProperties.SystemClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/** The token customizer is the backstop of the portal agency check and the source of the claims. */
class AgencyClaimsCustomizerTest {

    private final IdentityProperties properties = new IdentityProperties(
            "http://issuer.test", Duration.ofMinutes(30), Path.of("unused"), "pw", true,
            List.of(new DemoUser("alert-intake", Agency.ALERT, List.of("INTAKE_WORKER")),
                    new DemoUser("cease-intake", Agency.CEASE, List.of("INTAKE_WORKER"))),
            List.of(new SystemClient("css-system", "s", Agency.CATHOLIC_SOCIAL_SERVICES, List.of("AGENCY_SYSTEM"))),
            List.of(new PortalClient("alert-portal", "s", Agency.ALERT, "http://127.0.0.1:8081/cb", null, List.of("openid"))),
            null);
    private final AgencyClaimsCustomizer customizer =
            new AgencyClaimsCustomizer(properties, new PortalAgencyPolicy(properties));

    @Test
    void userTokenThroughOwnAgencyPortalCarriesUserClaims() {
        JwtEncodingContext context = context("alert-portal", user("alert-intake"), AuthorizationGrantType.AUTHORIZATION_CODE);

        customizer.customize(context);

        JwtClaimsSet claims = context.getClaims().build();
        assertThat(claims.getClaimAsString("agency")).isEqualTo("alert");
        assertThat(claims.<List<String>>getClaim("roles")).containsExactly("INTAKE_WORKER");
        assertThat(claims.getClaimAsString("preferred_username")).isEqualTo("alert-intake");
    }

    @Test
    void portalTokenForUserOfAnotherAgencyIsRefused() {
        JwtEncodingContext context = context("alert-portal", user("cease-intake"), AuthorizationGrantType.AUTHORIZATION_CODE);

        assertThatThrownBy(() -> customizer.customize(context))
                .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                        e -> assertThat(e.getError().getErrorCode()).isEqualTo("access_denied"));
    }

    @Test
    void clientCredentialsTokenCarriesSystemAgency() {
        JwtEncodingContext context = context("css-system",
                UsernamePasswordAuthenticationToken.authenticated("css-system", null, List.of()),
                AuthorizationGrantType.CLIENT_CREDENTIALS);

        customizer.customize(context);

        JwtClaimsSet claims = context.getClaims().build();
        assertThat(claims.getClaimAsString("agency")).isEqualTo("catholic-social-services");
        assertThat(claims.<List<String>>getClaim("roles")).containsExactly("AGENCY_SYSTEM");
        assertThat(claims.hasClaim("preferred_username")).isFalse();
    }

    private static Authentication user(String username) {
        return UsernamePasswordAuthenticationToken.authenticated(username, null, List.of());
    }

    private static JwtEncodingContext context(String clientId, Authentication principal, AuthorizationGrantType grant) {
        RegisteredClient client = RegisteredClient.withId(clientId)
                .clientId(clientId)
                .authorizationGrantType(grant)
                .redirectUri("http://127.0.0.1/cb")
                .build();
        return JwtEncodingContext.with(JwsHeader.with(SignatureAlgorithm.RS256), JwtClaimsSet.builder().subject(principal.getName()))
                .registeredClient(client)
                .principal(principal)
                .authorizationGrantType(grant)
                .tokenType(OAuth2TokenType.ACCESS_TOKEN)
                .build();
    }
}
