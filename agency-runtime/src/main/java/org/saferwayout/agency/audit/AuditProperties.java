package org.saferwayout.agency.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * This agency as a witness of the exchange's log (ADR 013).
 *
 * @param witnessInterval     how often it fetches new checkpoints
 * @param operatorPublicKey   the log operator's Ed25519 public key (base64 X.509, the content of the
 *                            exchange store's {@code operator-key/checkpoint-signing-key.pub}); blank: pinned on first sight
 * @param checkpointsPerRound at most this many new checkpoints are witnessed per round
 */
@Validated
@ConfigurationProperties("swo.audit")
public record AuditProperties(@NotNull @DefaultValue("10s") Duration witnessInterval,
                              @DefaultValue("") String operatorPublicKey,
                              @DefaultValue("100") @Min(1) @Max(10_000) int checkpointsPerRound) {
}
