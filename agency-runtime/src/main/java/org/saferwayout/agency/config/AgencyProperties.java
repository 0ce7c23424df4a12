package org.saferwayout.agency.config;

import jakarta.validation.constraints.NotNull;
import org.saferwayout.events.AgencyId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which agency this service process acts for. Every request, command and integration event is checked
 * against it: a principal of another agency is refused, an integration event addressed elsewhere is ignored.
 */
@Validated
@ConfigurationProperties("swo.agency")
public record AgencyProperties(@NotNull AgencyId id) {
}
