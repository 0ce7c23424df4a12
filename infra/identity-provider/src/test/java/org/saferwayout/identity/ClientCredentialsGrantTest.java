package org.saferwayout.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saferwayout.identity.IdpClient.form;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;

@IdentityProviderTest
class ClientCredentialsGrantTest {

    @LocalServerPort
    int port;

    IdpClient idp;

    @BeforeEach
    void setUp() {
        idp = new IdpClient(port);
    }

    @ParameterizedTest
    @CsvSource({
            "alert-system, alert",
            "cease-system, cease",
            "css-system, catholic-social-services",
            "reach-system, reach"
    })
    void systemClientGetsSignedJwtWithItsAgencyAndRole(String clientId, String agency) {
        IdpClient.Response response = idp.token(clientId, clientId + "-secret", form("grant_type", "client_credentials"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).containsEntry("token_type", "Bearer");
        Jwt jwt = idp.decode((String) response.json().get("access_token"), IdentityProviderTest.ISSUER);
        assertThat(jwt.getSubject()).isEqualTo(clientId);
        assertThat(jwt.getClaimAsString("agency")).isEqualTo(agency);
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("AGENCY_SYSTEM");
        assertThat(jwt.hasClaim("preferred_username")).isFalse();
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void tokensAreSignedWithThePersistedKey() throws Exception {
        JWK persisted = JWK.parse(Files.readString(Path.of(IdentityProviderTest.KEY_FILE)));
        IdpClient.Response response = idp.token("alert-system", "alert-system-secret", form("grant_type", "client_credentials"));

        Jwt jwt = idp.decode((String) response.json().get("access_token"), IdentityProviderTest.ISSUER);
        assertThat(jwt.getHeaders()).containsEntry("kid", persisted.getKeyID());
        IdpClient.Response jwks = idp.get("/oauth2/jwks");
        assertThat((List<?>) jwks.json().get("keys")).hasSize(1);
        assertThat(jwks.body()).contains(persisted.getKeyID()).doesNotContain("\"d\"");
    }

    @Test
    void wrongSecretIsRejected() {
        IdpClient.Response response = idp.token("alert-system", "wrong", form("grant_type", "client_credentials"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).containsEntry("error", "invalid_client");
    }
}
