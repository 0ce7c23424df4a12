package org.saferwayout.agency.security;

import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * @param trustedIssuers OIDC issuers whose tokens this service accepts: the embedded identity provider,
 *                       a Keycloak realm ({@code http://host/realms/NAME}) or any other OIDC provider
 */
@Validated
@ConfigurationProperties("swo.security")
public record SecurityProperties(@NotEmpty List<String> trustedIssuers) {
}
