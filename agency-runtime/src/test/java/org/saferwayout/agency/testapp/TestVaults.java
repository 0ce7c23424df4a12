package org.saferwayout.agency.testapp;

import org.saferwayout.agency.keys.KeyEncryptionKeys;
import org.saferwayout.agency.keys.PersonalDataCipher;
import org.saferwayout.agency.keys.SurvivorDataVault;
import org.saferwayout.events.AgencyId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.UUID;

/** A real survivor-key vault for tests without a running agency: an in-memory private database, fresh keys. */
public final class TestVaults {

    private TestVaults() {
    }

    public static SurvivorDataVault vault(AgencyId agency) {
        try {
            DriverManagerDataSource privateDatabase = new DriverManagerDataSource(
                    "jdbc:h2:mem:vault-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
            // The key store is only needed to register and rotate key-encryption keys, which these tests do not do.
            KeyEncryptionKeys keys = new KeyEncryptionKeys(agency, Files.createTempDirectory("vault-keys"), null,
                    Clock.systemUTC());
            SurvivorDataVault vault = new SurvivorDataVault(new JdbcTemplate(privateDatabase),
                    new PersonalDataCipher(agency, null, keys, Clock.systemUTC()), keys, agency, Clock.systemUTC());
            vault.createSchemaIfMissing();
            return vault;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
