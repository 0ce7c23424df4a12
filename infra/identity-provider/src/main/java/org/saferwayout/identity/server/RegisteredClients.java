package org.saferwayout.identity.server;

import java.util.ArrayList;
import java.util.List;

import org.saferwayout.identity.config.IdentityProperties;
import org.saferwayout.identity.config.IdentityProperties.CliClient;
import org.saferwayout.identity.config.IdentityProperties.PortalClient;
import org.saferwayout.identity.config.IdentityProperties.SystemClient;
import org.saferwayout.identity.password.DemoPasswordGrantAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** Turns the configured clients into Spring Authorization Server registrations. */
final class RegisteredClients {

    private final PasswordEncoder passwordEncoder;
    private final TokenSettings tokenSettings;

    RegisteredClients(IdentityProperties properties, PasswordEncoder passwordEncoder) {
        this.passwordEncoder = passwordEncoder;
        this.tokenSettings = TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenTtl()).build();
    }

    static List<RegisteredClient> from(IdentityProperties properties, PasswordEncoder passwordEncoder) {
        RegisteredClients factory = new RegisteredClients(properties, passwordEncoder);
        List<RegisteredClient> clients = new ArrayList<>();
        properties.systemClients().forEach(c -> clients.add(factory.system(c)));
        properties.portalClients().forEach(c -> clients.add(factory.portal(c)));
        // A client that may only use a disabled grant would be useless, so it is not registered at all.
        if (properties.demoPasswordGrant() && properties.cliClient() != null) {
            clients.add(factory.cli(properties.cliClient()));
        }
        return clients;
    }

    private RegisteredClient system(SystemClient client) {
        return base(client.clientId(), client.secret())
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .build();
    }

    private RegisteredClient portal(PortalClient client) {
        RegisteredClient.Builder portal = base(client.clientId(), client.secret())
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(client.redirectUri())
                .scopes(scopes -> scopes.addAll(client.scopes()))
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build());
        if (client.postLogoutRedirectUri() != null) {
            portal.postLogoutRedirectUri(client.postLogoutRedirectUri());
        }
        return portal.build();
    }

    private RegisteredClient cli(CliClient client) {
        return base(client.clientId(), client.secret())
                .authorizationGrantType(DemoPasswordGrantAuthenticationToken.PASSWORD)
                .build();
    }

    private RegisteredClient.Builder base(String clientId, String secret) {
        return RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientSecret(passwordEncoder.encode(secret))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .tokenSettings(tokenSettings);
    }
}
