package org.saferwayout.agency.portal;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How this agency's portal signs staff in (ADR 015).
 *
 * @param clientId     the portal's client at the identity provider ({@code <agency>-portal})
 * @param clientSecret its secret
 * @param issuer       the provider's issuer URL; empty: the first of {@code swo.security.trusted-issuers}
 */
@Validated
@ConfigurationProperties("swo.portal")
public record PortalProperties(@NotBlank String clientId, @NotBlank String clientSecret, String issuer) {
}
