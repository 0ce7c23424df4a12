package org.saferwayout.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saferwayout.identity.IdpClient.form;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;

/** A token issued before an IdP restart still verifies against the restarted IdP's JWKS. */
class RestartKeepsTokensValidTest {

    @TempDir
    Path dataDir;

    @Test
    void tokenFromFirstRunVerifiesAfterRestart() {
        String token;
        String kid;
        try (ConfigurableApplicationContext first = start()) {
            IdpClient idp = new IdpClient(port(first));
            token = (String) idp.token("reach-system", "reach-system-secret",
                    form("grant_type", "client_credentials")).json().get("access_token");
            kid = (String) idp.decode(token, IdentityProviderTest.ISSUER).getHeaders().get("kid");
        }

        try (ConfigurableApplicationContext second = start()) {
            Jwt jwt = new IdpClient(port(second)).decode(token, IdentityProviderTest.ISSUER);

            assertThat(jwt.getHeaders()).containsEntry("kid", kid);
            assertThat(jwt.getClaimAsString("agency")).isEqualTo("reach");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(IdentityProviderApplication.class).run(
                "--server.port=0",
                "--swo.data-dir=" + dataDir,
                "--swo.identity.issuer=" + IdentityProviderTest.ISSUER);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
