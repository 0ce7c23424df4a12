package org.saferwayout.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * A network on other ports (the launcher's test networks) tells the identity provider where each agency service
 * is, and its portal's redirect and post-logout URIs follow; agencies not named keep their default port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "swo.data-dir=target/test-data",
        "swo.identity.issuer=" + IdentityProviderTest.ISSUER,
        "swo.agency-urls.cease=http://127.0.0.1:26082",
        "swo.agency-urls.catholic-social-services=http://127.0.0.1:26083"
})
class PortalAgencyUrlsTest {

    @Autowired
    RegisteredClientRepository clients;

    @Test
    void portalRedirectsFollowTheAgencyUrls() {
        RegisteredClient cease = clients.findByClientId("cease-portal");
        assertThat(cease.getRedirectUris()).containsExactly("http://127.0.0.1:26082/login/oauth2/code/swo");
        assertThat(cease.getPostLogoutRedirectUris()).containsExactly("http://127.0.0.1:26082/portal/signed-out");
        RegisteredClient css = clients.findByClientId("css-portal");
        assertThat(css.getRedirectUris()).containsExactly("http://127.0.0.1:26083/login/oauth2/code/swo");
        RegisteredClient alert = clients.findByClientId("alert-portal");
        assertThat(alert.getRedirectUris()).containsExactly("http://127.0.0.1:8081/login/oauth2/code/swo");
        assertThat(alert.getPostLogoutRedirectUris()).containsExactly("http://127.0.0.1:8081/portal/signed-out");
    }
}
