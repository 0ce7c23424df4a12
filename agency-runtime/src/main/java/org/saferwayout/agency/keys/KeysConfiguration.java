package org.saferwayout.agency.keys;

import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.consent.application.ConsentGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Envelope encryption of personal data in the exchange (ADR 009): the network key store, this agency's
 * key-encryption keys and the cipher the exchange's serializer seals with (PersonalDataProtectingSerializer).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeysProperties.class)
public class KeysConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);
    private static final Duration REGISTRATION_RETRY = Duration.ofSeconds(5);

    @Bean(destroyMethod = "close")
    public NetworkKeyStore networkKeyStore(KeysProperties properties) {
        return new NetworkKeyStore(properties);
    }

    @Bean
    public KeyEncryptionKeys keyEncryptionKeys(KeysProperties properties, AgencyProperties agency,
                                               @Value("${swo.data-dir}") Path dataDir,
                                               NetworkKeyStore keyStore, Clock clock) {
        Path directory = properties.kekDirectory() != null ? properties.kekDirectory()
                : dataDir.resolve(agency.id().code()).resolve("keys");
        KeyEncryptionKeys keys = new KeyEncryptionKeys(agency.id(), directory, keyStore, clock);
        registerWhenReachable(keyStore, keys);
        return keys;
    }

    /**
     * Until this agency's public key is in the key store, nobody can send it personal data; the key store
     * may start after us, so keep trying in the background instead of failing the start.
     */
    private static void registerWhenReachable(NetworkKeyStore keyStore, KeyEncryptionKeys keys) {
        if (register(keyStore, keys)) {
            return;
        }
        Thread registration = new Thread(() -> {
            try {
                do {
                    Thread.sleep(REGISTRATION_RETRY.toMillis());
                } while (!register(keyStore, keys));
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }, "key-registration");
        registration.setDaemon(true);
        registration.start();
    }

    private static boolean register(NetworkKeyStore keyStore, KeyEncryptionKeys keys) {
        try {
            keyStore.createSchemaIfMissing();
            keys.register();
            return true;
        } catch (RuntimeException unreachable) {
            log.warn("Network key store not reachable ({}); registering this agency's key again in {} s",
                    unreachable.getClass().getSimpleName(), REGISTRATION_RETRY.toSeconds());
            return false;
        }
    }

    @Bean
    public ConsentGate.SealingReadiness sealingReadiness(NetworkKeyStore keyStore) {
        return recipient -> keyStore.currentPublicKey(recipient).isPresent();
    }

    @Bean
    public PersonalDataCipher personalDataCipher(AgencyProperties agency, NetworkKeyStore keyStore,
                                                 KeyEncryptionKeys keys, Clock clock) {
        return new PersonalDataCipher(agency.id(), keyStore, keys, clock);
    }

    /** This agency's survivor keys, in its private database (ADR 011). */
    @Bean
    public SurvivorDataVault survivorDataVault(DataSource privateDataSource, PersonalDataCipher cipher,
                                               KeyEncryptionKeys keys, AgencyProperties agency, Clock clock) {
        SurvivorDataVault vault = new SurvivorDataVault(new JdbcTemplate(privateDataSource), cipher, keys, agency.id(), clock);
        vault.createSchemaIfMissing();
        return vault;
    }
}
