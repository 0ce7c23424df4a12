package org.saferwayout.agency.authorization;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.saferwayout.agency.security.AgencyTokenConverter;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in OIDC identity provider for the authorization matrix: its own RSA key, its discovery document and
 * JWKS served on a loopback port, so the service resolves and verifies its tokens exactly as it does the real
 * provider's (SecurityConfiguration trusts issuers by location, not by an injected decoder). It mints every
 * kind of token the matrix sends: valid ones, and each way a token can be wrong.
 */
public final class TestIssuer implements AutoCloseable {

    /** Every kind of bearer credential the matrix presents. */
    public enum TokenKind {
        VALID,
        EXPIRED,
        NOT_YET_VALID,
        /** A real provider with its own keys and discovery document, just not one the service trusts. */
        UNTRUSTED_ISSUER,
        /** The trusted issuer's name and key id, signed with another key. */
        FOREIGN_KEY,
        /** A valid token of a caller without rights whose payload was rewritten to own agency, every role. */
        TAMPERED,
        /** Algorithm confusion: HS256 with the provider's public key as the shared secret. */
        HS256_WITH_PUBLIC_KEY,
        /** alg none. */
        UNSIGNED,
        /**
         * A correctly signed, current OpenID Connect ID token of the trusted provider, as a portal receives
         * (nonce, auth_time, sid, azp): not an access token, though it carries the same claims.
         */
        ID_TOKEN,
        NO_TOKEN
    }

    private static final Duration LIFETIME = Duration.ofMinutes(30);
    /** Well beyond the resource server's 60 s clock skew. */
    private static final Duration FAR = Duration.ofMinutes(10);

    private final RSAKey key;
    private final RSAKey foreignKey;
    private final HttpServer server;
    private final String issuer;

    private TestIssuer() {
        try {
            String keyId = "swo-test-" + UUID.randomUUID();
            key = new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
            foreignKey = new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        String discovery = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\","
                + "\"subject_types_supported\":[\"public\"],\"response_types_supported\":[\"code\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
        serve("/.well-known/openid-configuration", discovery);
        serve("/jwks", new JWKSet(key.toPublicJWK()).toString());
        server.start();
    }

    /** Starts a provider on a free loopback port; close it when done. */
    public static TestIssuer start() {
        return new TestIssuer();
    }

    public String issuer() {
        return issuer;
    }

    private void serve(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /**
     * The Authorization header value for a caller, or null for {@link TokenKind#NO_TOKEN}.
     *
     * @param subject   the staff member's user name or the agency system's client id
     * @param agency    the {@code agency} claim, null for none
     * @param roles     the {@code roles} claim
     * @param untrusted the provider whose valid tokens stand for {@link TokenKind#UNTRUSTED_ISSUER}
     * @param ownAgency the service's agency, which a tampered token claims
     * @param allRoles  the roles a tampered token claims
     */
    public String authorization(TokenKind kind, String subject, String agency, List<String> roles,
                                TestIssuer untrusted, String ownAgency, List<String> allRoles) {
        Instant now = Instant.now();
        try {
            String token = switch (kind) {
                case VALID -> sign(key, claims(subject, agency, roles, now, now.plus(LIFETIME), null).build());
                case EXPIRED -> sign(key, claims(subject, agency, roles, now.minus(LIFETIME), now.minus(FAR), null).build());
                case NOT_YET_VALID -> sign(key, claims(subject, agency, roles, now, now.plus(LIFETIME), now.plus(FAR)).build());
                case UNTRUSTED_ISSUER -> untrusted.authorization(TokenKind.VALID, subject, agency, roles, null, null, null)
                        .substring("Bearer ".length());
                case FOREIGN_KEY -> sign(foreignKey, claims(subject, agency, roles, now, now.plus(LIFETIME), null).build());
                case TAMPERED -> tamper(sign(key, claims(subject, agency, roles, now, now.plus(LIFETIME), null).build()),
                        claims(subject, ownAgency, allRoles, now, now.plus(LIFETIME), null).build());
                case HS256_WITH_PUBLIC_KEY -> {
                    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT).build(),
                            claims(subject, agency, roles, now, now.plus(LIFETIME), null).build());
                    jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
                    yield jwt.serialize();
                }
                case ID_TOKEN -> sign(key, claims(subject, agency, roles, now, now.plus(LIFETIME), null)
                        .claim("nonce", UUID.randomUUID().toString())
                        .claim("auth_time", Date.from(now))
                        .claim("sid", UUID.randomUUID().toString())
                        .claim("azp", "swo-portal").build());
                case UNSIGNED -> new PlainJWT(claims(subject, agency, roles, now, now.plus(LIFETIME), null).build()).serialize();
                case NO_TOKEN -> null;
            };
            return token == null ? null : "Bearer " + token;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet.Builder claims(String subject, String agency, List<String> roles, Instant issuedAt,
                                        Instant expiresAt, Instant notBefore) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience("swo-portal")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(notBefore == null ? issuedAt : notBefore))
                .expirationTime(Date.from(expiresAt))
                .claim(AgencyTokenConverter.ROLES_CLAIM, roles);
        if (agency != null) {
            claims.claim(AgencyTokenConverter.AGENCY_CLAIM, agency);
        }
        return claims;
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    /** The signed token with its payload replaced and its signature kept. */
    private static String tamper(String signed, JWTClaimsSet altered) {
        String[] parts = signed.split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(altered.toString().getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
