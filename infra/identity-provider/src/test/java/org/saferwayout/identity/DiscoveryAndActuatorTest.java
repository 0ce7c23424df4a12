package org.saferwayout.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IdentityProviderTest
class DiscoveryAndActuatorTest {

    @LocalServerPort
    int port;

    IdpClient idp;

    @BeforeEach
    void setUp() {
        idp = new IdpClient(port);
    }

    @Test
    void discoveryDocumentUsesConfiguredIssuer() {
        IdpClient.Response response = idp.get("/.well-known/openid-configuration");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json())
                .containsEntry("issuer", IdentityProviderTest.ISSUER)
                .containsEntry("jwks_uri", IdentityProviderTest.ISSUER + "/oauth2/jwks")
                .containsEntry("token_endpoint", IdentityProviderTest.ISSUER + "/oauth2/token");
    }

    @Test
    void healthProbesAndInfoArePublic() {
        assertThat(idp.get("/actuator/health").status()).isEqualTo(200);
        assertThat(idp.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(idp.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(idp.get("/actuator/info").status()).isEqualTo(200);
    }

    @Test
    void otherActuatorEndpointsAreNotExposed() {
        IdpClient.Response env = idp.get("/actuator/env");

        assertThat(env.status()).isNotEqualTo(200);
    }

    @Test
    void loginPageIsServed() {
        IdpClient.Response login = idp.browse("/login");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"username\"", "name=\"password\"");
    }
}
