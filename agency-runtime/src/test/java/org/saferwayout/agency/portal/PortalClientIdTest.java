package org.saferwayout.agency.portal;

import org.junit.jupiter.api.Test;
import org.saferwayout.events.AgencyId;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service signs in as the portal client the identity provider registers for its agency. */
class PortalClientIdTest {

    @Test
    void eachAgencysPortalIsTheClientTheProviderRegistersUnlessConfiguredOtherwise() {
        PortalProperties unset = new PortalProperties(null, null, null);
        assertThat(unset.clientIdOf(AgencyId.ALERT)).isEqualTo("alert-portal");
        assertThat(unset.clientIdOf(AgencyId.CEASE)).isEqualTo("cease-portal");
        assertThat(unset.clientIdOf(AgencyId.CATHOLIC_SOCIAL_SERVICES)).isEqualTo("css-portal");
        assertThat(unset.clientIdOf(AgencyId.REACH)).isEqualTo("reach-portal");
        assertThat(unset.clientSecretOf(AgencyId.CATHOLIC_SOCIAL_SERVICES)).isEqualTo("css-portal-secret");
        PortalProperties configured = new PortalProperties("other-portal", "s3cret", null);
        assertThat(configured.clientIdOf(AgencyId.CATHOLIC_SOCIAL_SERVICES)).isEqualTo("other-portal");
        assertThat(configured.clientSecretOf(AgencyId.CATHOLIC_SOCIAL_SERVICES)).isEqualTo("s3cret");
    }
}
