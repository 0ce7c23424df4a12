package org.saferwayout.agency.portal;

import org.saferwayout.events.AgencyId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How this agency's portal signs staff in (ADR 015).
 *
 * @param clientId     the portal's client at the identity provider; empty: {@code <agency>-portal}, by the
 *                     agency's short name ({@code css-portal} for Catholic Social Services). Defaulted in code, not
 *                     in {@code agency-runtime.yml}: an imported file outranks the service's own application.yml.
 * @param clientSecret its secret; empty: {@code <client id>-secret} (the demo provider's)
 * @param issuer       the provider's issuer URL; empty: the first of {@code swo.security.trusted-issuers}
 */
@Validated
@ConfigurationProperties("swo.portal")
public record PortalProperties(String clientId, String clientSecret, String issuer) {

    /** The name the identity provider registers each agency's portal under. */
    public static String defaultClientId(AgencyId agency) {
        return (agency == AgencyId.CATHOLIC_SOCIAL_SERVICES ? "css" : agency.code()) + "-portal";
    }

    String clientIdOf(AgencyId agency) {
        return clientId == null || clientId.isBlank() ? defaultClientId(agency) : clientId;
    }

    String clientSecretOf(AgencyId agency) {
        return clientSecret == null || clientSecret.isBlank() ? clientIdOf(agency) + "-secret" : clientSecret;
    }
}
