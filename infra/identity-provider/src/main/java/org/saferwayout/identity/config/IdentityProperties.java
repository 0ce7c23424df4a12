package org.saferwayout.identity.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Everything under {@code swo.identity}: issuer, token lifetime, signing-key location and the demo
 * users and clients (defined in application.yml, not in code).
 */
@ConfigurationProperties(prefix = "swo.identity")
public record IdentityProperties(
        String issuer,
        @DefaultValue("30m") Duration accessTokenTtl,
        @DefaultValue("./data/identity/signing-key.jwk.json") Path keyFile,
        @DefaultValue("demo-password") String demoPassword,
        @DefaultValue("true") boolean demoPasswordGrant,
        List<DemoUser> users,
        List<SystemClient> systemClients,
        List<PortalClient> portalClients,
        CliClient cliClient) {

    public IdentityProperties {
        Assert.isTrue(!accessTokenTtl.isNegative() && !accessTokenTtl.isZero(), "swo.identity.access-token-ttl must be positive");
        Assert.hasText(demoPassword, "swo.identity.demo-password must not be empty");
        users = users == null ? List.of() : List.copyOf(users);
        systemClients = systemClients == null ? List.of() : List.copyOf(systemClients);
        portalClients = portalClients == null ? List.of() : List.copyOf(portalClients);
        requireUnique("username", users.stream().map(DemoUser::username));
        requireUnique("client id", Stream.of(
                systemClients.stream().map(SystemClient::clientId),
                portalClients.stream().map(PortalClient::clientId),
                Stream.ofNullable(cliClient).map(CliClient::clientId)).flatMap(s -> s));
    }

    public Optional<DemoUser> user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    public Optional<SystemClient> systemClient(String clientId) {
        return systemClients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    public Optional<PortalClient> portalClient(String clientId) {
        return portalClients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
    }

    private static void requireUnique(String what, Stream<String> values) {
        Set<String> seen = new HashSet<>();
        values.forEach(v -> Assert.isTrue(seen.add(v), () -> "duplicate " + what + " in swo.identity: " + v));
    }

    /** A demo person; all share {@code swo.identity.demo-password}. */
    public record DemoUser(String username, Agency agency, List<String> roles) {
        public DemoUser {
            Assert.hasText(username, "swo.identity.users[].username is required");
            Assert.notNull(agency, () -> "agency is required for user " + username);
            Assert.notEmpty(roles, () -> "roles are required for user " + username);
            roles = List.copyOf(roles);
        }
    }

    /** Machine-to-machine client of one agency system (client_credentials). */
    public record SystemClient(String clientId, String secret, Agency agency,
                               @DefaultValue("AGENCY_SYSTEM") List<String> roles) {
        public SystemClient {
            Assert.hasText(clientId, "swo.identity.system-clients[].client-id is required");
            Assert.hasText(secret, () -> "secret is required for client " + clientId);
            Assert.notNull(agency, () -> "agency is required for client " + clientId);
            Assert.notEmpty(roles, () -> "roles are required for client " + clientId);
            roles = List.copyOf(roles);
        }
    }

    /**
     * Browser portal of one agency (authorization_code + PKCE); only users of that agency may use it. After
     * signing out (OIDC RP-initiated logout) the browser may only be sent back to {@code postLogoutRedirectUri}.
     */
    public record PortalClient(String clientId, String secret, Agency agency, String redirectUri,
                               String postLogoutRedirectUri,
                               @DefaultValue({"openid", "profile"}) List<String> scopes) {
        public PortalClient {
            Assert.hasText(clientId, "swo.identity.portal-clients[].client-id is required");
            Assert.hasText(secret, () -> "secret is required for client " + clientId);
            Assert.notNull(agency, () -> "agency is required for client " + clientId);
            Assert.hasText(redirectUri, () -> "redirect-uri is required for client " + clientId);
            scopes = List.copyOf(scopes);
        }
    }

    /** Command-line demo client; may only use the demo password grant. */
    public record CliClient(String clientId, String secret) {
        public CliClient {
            Assert.hasText(clientId, "swo.identity.cli-client.client-id is required");
            Assert.hasText(secret, () -> "secret is required for client " + clientId);
        }
    }
}
