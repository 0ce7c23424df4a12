package org.saferwayout.agency.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.saferwayout.agency.keys.NetworkKeyStore.PublicKek;
import org.saferwayout.agency.keys.NetworkKeyStore.StoredDataKey;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals and opens personal data with AES-256-GCM (envelope encryption). Each event's personal data gets its
 * own data key, of one survivor and one recipient agency, stored wrapped by the recipient's key-encryption
 * key; each field is sealed separately under it with its own nonce. The authenticated data binds a sealed
 * field to its event, field name, survivor and recipient, so a ciphertext copied elsewhere does not open.
 *
 * <p>A sealed field, in place of its JSON value:
 * {@code {"sealed":"A256GCM","keyId":"…","nonce":"…","ciphertext":"…"}} (base64).
 */
public class PersonalDataCipher {

    public static final String SEALED = "sealed";
    private static final String ALGORITHM = "A256GCM";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgencyId thisAgency;
    private final NetworkKeyStore keyStore;
    private final KeyEncryptionKeys ownKeys;
    private final Clock clock;

    public PersonalDataCipher(AgencyId thisAgency, NetworkKeyStore keyStore, KeyEncryptionKeys ownKeys, Clock clock) {
        this.thisAgency = thisAgency;
        this.keyStore = keyStore;
        this.ownKeys = ownKeys;
        this.clock = clock;
    }

    public AgencyId thisAgency() {
        return thisAgency;
    }

    public static boolean isSealed(JsonNode value) {
        return value != null && value.isObject() && value.has(SEALED);
    }

    /** A data key in the clear, for the fields of one event. */
    public record DataKey(String keyId, SecretKey key) {
    }

    /**
     * A new data key for what one event carries about the survivor to the recipient, wrapped for the recipient
     * and committed to the key store before this returns (so before the event is appended). A sharer cannot
     * unwrap a key wrapped for another agency, so it never reuses one: each event has its own, and every key
     * names its survivor and recipient, which is what shredding destroys by.
     */
    public DataKey newDataKey(SurvivorRef survivor, AgencyId recipient) {
        PublicKek kek = keyStore.currentPublicKey(recipient).orElseThrow(() ->
                new IllegalStateException("agency " + recipient.code() + " has no key-encryption key registered yet"));
        SecretKey dataKey = generate();
        StoredDataKey stored = new StoredDataKey(UUID.randomUUID().toString(), survivor, recipient, kek.kekId(),
                KeyEncryptionKeys.wrap(dataKey, KeyEncryptionKeys.publicKey(kek.publicKey()), kek.kekId()));
        keyStore.insert(stored, clock.instant());
        return new DataKey(stored.keyId(), dataKey);
    }

    /** This agency's data key of that id; empty once it was destroyed. Only the recipient can ask. */
    public Optional<DataKey> openingKey(String keyId) {
        return keyStore.dataKey(keyId).filter(stored -> stored.agency() == thisAgency)
                .map(stored -> new DataKey(stored.keyId(), ownKeys.unwrap(stored)));
    }

    public ObjectNode seal(DataKey dataKey, byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, dataKey.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            ObjectNode sealed = JsonNodeFactory.instance.objectNode();
            sealed.put(SEALED, ALGORITHM);
            sealed.put("keyId", dataKey.keyId());
            sealed.put("nonce", Base64.getEncoder().encodeToString(nonce));
            sealed.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal personal data", e);
        }
    }

    /** The plaintext; empty if the sealed value does not authenticate (altered, or moved from elsewhere). */
    public Optional<byte[]> open(DataKey dataKey, JsonNode sealed, String associatedData) {
        try {
            if (!dataKey.keyId().equals(sealed.path("keyId").asText())) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, dataKey.key(),
                    new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(sealed.path("nonce").asText())));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Optional.of(cipher.doFinal(Base64.getDecoder().decode(sealed.path("ciphertext").asText())));
        } catch (AEADBadTagException | IllegalArgumentException tampered) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open personal data", e);
        }
    }

    private static SecretKey generate() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a data key", e);
        }
    }
}
