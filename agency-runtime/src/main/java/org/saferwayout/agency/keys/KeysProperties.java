package org.saferwayout.agency.keys;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;

/**
 * Where personal data's keys live (ADR 009).
 *
 * @param jdbcUrl      the network key store: wrapped data keys and every agency's public key-encryption key.
 *                     Its own database, never the exchange's: a copy of the exchange alone decrypts nothing
 *                     (the embedded default is the {@code keys} database of the exchange-store process)
 * @param kekDirectory this agency's key-encryption key pairs; the private halves never leave it. Generated on
 *                     first start for the embedded default; point it at a mounted secret in production
 */
@Validated
@ConfigurationProperties("swo.keys")
public record KeysProperties(
        @NotBlank String jdbcUrl,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("2") int maxPoolSize,
        Path kekDirectory) {
}
