package org.saferwayout.identity.password;

import java.security.Principal;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Demo-only resource-owner password grant, so the README can show copy-paste curl lines that get a
 * user token without a browser. The grant is deprecated by OAuth 2.1 and absent from Spring
 * Authorization Server; real deployments (Keycloak) use the authorization code flow. Tokens come from
 * the server's own {@link OAuth2TokenGenerator}, so they carry the same claims as any other user token.
 */
public final class DemoPasswordGrantAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider userAuthenticator;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;
    private final OAuth2AuthorizationService authorizationService;

    /**
     * @param userAuthenticator checks username and password (e.g. a {@code DaoAuthenticationProvider})
     */
    public DemoPasswordGrantAuthenticationProvider(AuthenticationProvider userAuthenticator,
                                                   OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
                                                   OAuth2AuthorizationService authorizationService) {
        this.userAuthenticator = userAuthenticator;
        this.tokenGenerator = tokenGenerator;
        this.authorizationService = authorizationService;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        DemoPasswordGrantAuthenticationToken grant = (DemoPasswordGrantAuthenticationToken) authentication;
        OAuth2ClientAuthenticationToken clientPrincipal = authenticatedClient(grant);
        RegisteredClient client = clientPrincipal.getRegisteredClient();
        if (client == null
                || !client.getAuthorizationGrantTypes().contains(DemoPasswordGrantAuthenticationToken.PASSWORD)) {
            throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "client may not use the password grant");
        }
        Set<String> scopes = grant.getScopes();
        if (!client.getScopes().containsAll(scopes)) {
            throw error(OAuth2ErrorCodes.INVALID_SCOPE, "scope not allowed for this client");
        }
        Authentication user = authenticateUser(grant);

        OAuth2TokenContext tokenContext = DefaultOAuth2TokenContext.builder()
                .registeredClient(client)
                .principal(user)
                .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorizedScopes(scopes)
                .tokenType(OAuth2TokenType.ACCESS_TOKEN)
                .authorizationGrantType(DemoPasswordGrantAuthenticationToken.PASSWORD)
                .authorizationGrant(grant)
                .build();
        OAuth2Token generated = tokenGenerator.generate(tokenContext);
        if (generated == null) {
            throw error(OAuth2ErrorCodes.SERVER_ERROR, "the token generator failed to generate the access token");
        }
        OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                generated.getTokenValue(), generated.getIssuedAt(), generated.getExpiresAt(), scopes);

        OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(client)
                .principalName(user.getName())
                .authorizationGrantType(DemoPasswordGrantAuthenticationToken.PASSWORD)
                .authorizedScopes(scopes)
                .attribute(Principal.class.getName(), user);
        if (generated instanceof ClaimAccessor claims) {
            authorization.token(accessToken, metadata ->
                    metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims.getClaims()));
        } else {
            authorization.accessToken(accessToken);
        }
        authorizationService.save(authorization.build());
        return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, accessToken);
    }

    private Authentication authenticateUser(DemoPasswordGrantAuthenticationToken grant) {
        Authentication result;
        try {
            result = userAuthenticator.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(grant.getUsername(), grant.getPassword()));
        } catch (AuthenticationException e) {
            // Same answer for unknown user and wrong password; the cause is not echoed back.
            throw error(OAuth2ErrorCodes.INVALID_GRANT, "invalid username or password");
        } finally {
            grant.eraseCredentials();
        }
        if (result == null || !result.isAuthenticated()) {
            throw error(OAuth2ErrorCodes.INVALID_GRANT, "invalid username or password");
        }
        // Keep only name and authorities: the stored authorization must not hold the password or its hash.
        String username = result.getPrincipal() instanceof UserDetails details ? details.getUsername() : result.getName();
        return UsernamePasswordAuthenticationToken.authenticated(username, null, result.getAuthorities());
    }

    private static OAuth2ClientAuthenticationToken authenticatedClient(Authentication authentication) {
        if (authentication.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
            return client;
        }
        throw error(OAuth2ErrorCodes.INVALID_CLIENT, null);
    }

    private static OAuth2AuthenticationException error(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return DemoPasswordGrantAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
