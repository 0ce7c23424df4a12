package org.saferwayout.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saferwayout.identity.IdpClient.form;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;

@IdentityProviderTest
class PasswordGrantTest {

    @LocalServerPort
    int port;

    IdpClient idp;

    @BeforeEach
    void setUp() {
        idp = new IdpClient(port);
    }

    private IdpClient.Response passwordGrant(String clientId, String username, String password) {
        return idp.token(clientId, clientId + "-secret",
                form("grant_type", "password", "username", username, "password", password));
    }

    @Test
    void coordinatorGetsAgencyRolesAndUsername() {
        IdpClient.Response response = passwordGrant("swo-cli", "alert-coordinator", "demo-password");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Jwt jwt = idp.decode((String) response.json().get("access_token"), IdentityProviderTest.ISSUER);
        assertThat(jwt.getSubject()).isEqualTo("alert-coordinator");
        assertThat(jwt.getClaimAsString("preferred_username")).isEqualTo("alert-coordinator");
        assertThat(jwt.getClaimAsString("agency")).isEqualTo("alert");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("SAFETY_NETWORK_COORDINATOR");
    }

    @Test
    void intakeWorkerOfAnotherAgency() {
        IdpClient.Response response = passwordGrant("swo-cli", "cease-intake", "demo-password");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Jwt jwt = idp.decode((String) response.json().get("access_token"), IdentityProviderTest.ISSUER);
        assertThat(jwt.getSubject()).isEqualTo("cease-intake");
        assertThat(jwt.getClaimAsString("agency")).isEqualTo("cease");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("INTAKE_WORKER");
    }

    @Test
    void cssUserGetsFullAgencyId() {
        IdpClient.Response response = passwordGrant("swo-cli", "css-supervisor", "demo-password");

        Jwt jwt = idp.decode((String) response.json().get("access_token"), IdentityProviderTest.ISSUER);
        assertThat(jwt.getClaimAsString("agency")).isEqualTo("catholic-social-services");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("SUPERVISOR");
    }

    @Test
    void wrongPasswordIsInvalidGrant() {
        IdpClient.Response response = passwordGrant("swo-cli", "alert-coordinator", "not-the-password");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "invalid_grant").doesNotContainKey("access_token");
    }

    @Test
    void unknownUserIsInvalidGrant() {
        IdpClient.Response response = passwordGrant("swo-cli", "nobody", "demo-password");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "invalid_grant");
    }

    @Test
    void missingPasswordIsInvalidRequest() {
        IdpClient.Response response = idp.token("swo-cli", "swo-cli-secret",
                form("grant_type", "password", "username", "alert-coordinator"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void credentialsInQueryStringAreRefused() {
        IdpClient.Response response = idp.token("swo-cli", "swo-cli-secret",
                "?username=alert-coordinator&password=demo-password", form("grant_type", "password"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "invalid_request").doesNotContainKey("access_token");
    }

    @Test
    void cliClientCannotUseClientCredentials() {
        IdpClient.Response response = idp.token("swo-cli", "swo-cli-secret", form("grant_type", "client_credentials"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "unauthorized_client");
    }

    @Test
    void systemClientCannotUsePasswordGrant() {
        IdpClient.Response response = passwordGrant("alert-system", "alert-coordinator", "demo-password");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "unauthorized_client");
    }

    @Test
    void portalClientCannotUsePasswordGrant() {
        IdpClient.Response response = passwordGrant("alert-portal", "alert-intake", "demo-password");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()).containsEntry("error", "unauthorized_client");
    }
}
