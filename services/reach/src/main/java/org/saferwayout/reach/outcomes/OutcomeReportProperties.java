package org.saferwayout.reach.outcomes;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param suppressBelow counts from 1 up to this value less one are never published (DESIGN: 1-9, so 10);
 *                      see ADR 007 for the secondary suppression that protects them
 */
@Validated
@ConfigurationProperties("swo.outcomes")
public record OutcomeReportProperties(@DefaultValue("10") @Min(2) @Max(1000) int suppressBelow) {
}
