package org.saferwayout.agency.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR 018, amended: only access tokens open the API; the end-to-end refusal is the matrix's ID_TOKEN kind. */
class AccessTokensOnlyTest {

    private final AccessTokensOnly validator = new AccessTokensOnly();

    private static Jwt.Builder accessToken() {
        return Jwt.withTokenValue("t").header("alg", "RS256").header("typ", "JWT")
                .issuer("http://127.0.0.1:9000").subject("alert-coordinator")
                .claim("agency", "alert").claim("roles", List.of("SAFETY_NETWORK_COORDINATOR"))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
    }

    private boolean accepted(Jwt token) {
        return !validator.validate(token).hasErrors();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "at+jwt", "application/at+jwt"})
    void anAccessTokenOfEitherMarkingIsAccepted(String type) {
        assertThat(accepted(accessToken().header("typ", type).build())).isTrue();
    }

    @Test
    void aTokenWithoutATypeHeaderAndKeycloaksBearerClaimIsAccepted() {
        Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "RS256").subject("s").claim("typ", "Bearer");
        assertThat(accepted(token.build())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonce", "at_hash", "c_hash", "s_hash"})
    void aTokenWithAClaimOnlyIdTokensCarryIsRefused(String claim) {
        assertThat(accepted(accessToken().claim(claim, "x").build())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"logout+jwt", "secevent+jwt", "dpop+jwt"})
    void aTokenOfAnotherJwtTypeIsRefused(String type) {
        assertThat(accepted(accessToken().header("typ", type).build())).isFalse();
    }

    @Test
    void keycloaksIdTokenIsRefusedByItsTypClaim() {
        assertThat(accepted(accessToken().claim("typ", "ID").build())).isFalse();
        assertThat(accepted(accessToken().claim("typ", "Refresh").build())).isFalse();
    }
}
