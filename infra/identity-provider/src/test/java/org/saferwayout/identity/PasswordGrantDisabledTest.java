package org.saferwayout.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saferwayout.identity.IdpClient.form;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "swo.data-dir=target/test-data",
        "swo.identity.issuer=" + IdentityProviderTest.ISSUER,
        "swo.identity.demo-password-grant=false"
})
class PasswordGrantDisabledTest {

    @LocalServerPort
    int port;

    @Test
    void passwordGrantIsUnsupportedAndCliClientIsNotRegistered() {
        IdpClient idp = new IdpClient(port);
        IdpClient.Response viaSystemClient = idp.token("alert-system", "alert-system-secret",
                form("grant_type", "password", "username", "alert-coordinator", "password", "demo-password"));
        IdpClient.Response viaCli = idp.token("swo-cli", "swo-cli-secret",
                form("grant_type", "password", "username", "alert-coordinator", "password", "demo-password"));

        assertThat(viaSystemClient.status()).isEqualTo(400);
        assertThat(viaSystemClient.json()).containsEntry("error", "unsupported_grant_type");
        assertThat(viaCli.status()).isEqualTo(401);
        assertThat(viaCli.json()).containsEntry("error", "invalid_client");
    }
}
