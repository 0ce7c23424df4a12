package org.saferwayout.identity.server;

import org.saferwayout.identity.config.IdentityProperties;
import org.saferwayout.identity.config.IdentityProperties.DemoUser;

/**
 * Decides whether a user may sign in through a client: an agency portal only serves users of its
 * own agency; clients that are not portals are not agency-bound.
 */
public final class PortalAgencyPolicy {

    private final IdentityProperties properties;

    public PortalAgencyPolicy(IdentityProperties properties) {
        this.properties = properties;
    }

    public boolean permits(String clientId, String username) {
        return properties.portalClient(clientId)
                .map(portal -> properties.user(username)
                        .map(DemoUser::agency)
                        .filter(portal.agency()::equals)
                        .isPresent())
                .orElse(true);
    }
}
