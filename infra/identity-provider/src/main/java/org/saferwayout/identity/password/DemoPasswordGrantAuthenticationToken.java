package org.saferwayout.identity.password;

import java.util.Map;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;

/** A token request using the demo resource-owner password grant. */
public final class DemoPasswordGrantAuthenticationToken extends OAuth2AuthorizationGrantAuthenticationToken {

    /** {@code grant_type=password}; Spring Authorization Server has no built-in support for it. */
    public static final AuthorizationGrantType PASSWORD = new AuthorizationGrantType("password");

    private final String username;
    private String password;
    private final Set<String> scopes;

    public DemoPasswordGrantAuthenticationToken(Authentication clientPrincipal, String username, String password,
                                                Set<String> scopes, Map<String, Object> additionalParameters) {
        super(PASSWORD, clientPrincipal, additionalParameters);
        this.username = username;
        this.password = password;
        this.scopes = Set.copyOf(scopes);
    }

    public String getUsername() {
        return username;
    }

    public String getPassword() {
        return password;
    }

    public Set<String> getScopes() {
        return scopes;
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        password = null;
    }
}
