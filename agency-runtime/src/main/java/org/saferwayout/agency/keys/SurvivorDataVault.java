package org.saferwayout.agency.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.saferwayout.agency.keys.NetworkKeyStore.StoredDataKey;
import org.saferwayout.agency.keys.PersonalDataCipher.DataKey;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seals what this agency keeps about a survivor at rest, in its private event store and its read models, under
 * a key of that survivor kept in its own private database (table {@code survivor_data_key}), wrapped by its
 * key-encryption key. Destroying her keys ({@link #shred}) leaves every copy, in events, in read-model documents
 * and in whatever free pages the databases have not yet overwritten, unreadable for good (ADR 011).
 *
 * <p>The key is written through the private database's transaction in progress, if any, so a key commits with
 * the event or the read-model change that uses it, or not at all. Every opening looks the key row up, so a
 * key destroyed by another instance of this service is never served from a cache; only unwrapping is cached.
 */
public class SurvivorDataVault {

    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS survivor_data_key (
              key_id VARCHAR(64) PRIMARY KEY,
              survivor_ref VARCHAR(64) NOT NULL,
              kek_id VARCHAR(64) NOT NULL,
              wrapped_key BYTEA NOT NULL,
              created_at TIMESTAMP WITH TIME ZONE NOT NULL)""";
    static final String CREATE_INDEX =
            "CREATE INDEX IF NOT EXISTS survivor_data_key_by_survivor ON survivor_data_key (survivor_ref)";

    /** What a reader gets in place of a text this agency can no longer open. */
    public static final String ERASED_TEXT = "[erased]";
    private static final String SEALED_TEXT_PREFIX = "{\"" + PersonalDataCipher.SEALED + "\"";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JdbcTemplate privateDatabase;
    private final PersonalDataCipher cipher;
    private final KeyEncryptionKeys ownKeys;
    private final AgencyId thisAgency;
    private final Clock clock;
    private final Map<String, SecretKey> unwrapped = new ConcurrentHashMap<>();

    public SurvivorDataVault(JdbcTemplate privateDatabase, PersonalDataCipher cipher, KeyEncryptionKeys ownKeys,
                             AgencyId thisAgency, Clock clock) {
        this.privateDatabase = privateDatabase;
        this.cipher = cipher;
        this.ownKeys = ownKeys;
        this.thisAgency = thisAgency;
        this.clock = clock;
    }

    public void createSchemaIfMissing() {
        privateDatabase.execute(CREATE_TABLE);
        privateDatabase.execute(CREATE_INDEX);
    }

    /**
     * The value sealed under the survivor's key (created on first use). {@code context} names where the value
     * lives (e.g. {@code SafetyPlanRecordedEvent.summary}); it is authenticated, so a sealed value moved to
     * another survivor or field does not open.
     */
    public ObjectNode seal(SurvivorRef survivor, byte[] plaintext, String context) {
        return cipher.seal(currentKey(survivor), plaintext, associatedData(survivor, context));
    }

    /** Opens a value sealed here; empty if her keys were destroyed or it does not authenticate. */
    public Optional<byte[]> open(SurvivorRef survivor, JsonNode sealed, String context) {
        String keyId = sealed.path("keyId").asText();
        List<StoredDataKey> rows = privateDatabase.query(
                "SELECT key_id, kek_id, wrapped_key FROM survivor_data_key WHERE key_id = ? AND survivor_ref = ?",
                (row, n) -> new StoredDataKey(row.getString(1), survivor, thisAgency, row.getString(2), row.getBytes(3)),
                keyId, survivor.value());
        if (rows.isEmpty()) {
            unwrapped.remove(keyId);
            return Optional.empty();
        }
        return cipher.open(new DataKey(keyId, unwrap(rows.get(0))), sealed, associatedData(survivor, context));
    }

    /** A text sealed for a read-model document (the sealed form, as a string); null stays null. */
    public String sealText(SurvivorRef survivor, String text, String context) {
        return text == null ? null : seal(survivor, text.getBytes(StandardCharsets.UTF_8), context).toString();
    }

    /** The text of {@link #sealText}, or {@link #ERASED_TEXT} once her keys are destroyed. */
    public String openText(SurvivorRef survivor, String stored, String context) {
        if (stored == null || !stored.startsWith(SEALED_TEXT_PREFIX)) {
            return stored; // written before sealing at rest
        }
        try {
            return open(survivor, MAPPER.readTree(stored), context)
                    .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse(ERASED_TEXT);
        } catch (JsonProcessingException damaged) {
            return ERASED_TEXT;
        }
    }

    public boolean isSealed(JsonNode value) {
        return PersonalDataCipher.isSealed(value);
    }

    /** Crypto-shreds everything this agency keeps about her. Returns how many keys were destroyed. */
    public int shred(SurvivorRef survivor) {
        List<String> keyIds = privateDatabase.queryForList(
                "SELECT key_id FROM survivor_data_key WHERE survivor_ref = ?", String.class, survivor.value());
        int destroyed = privateDatabase.update("DELETE FROM survivor_data_key WHERE survivor_ref = ?", survivor.value());
        keyIds.forEach(unwrapped::remove);
        return destroyed;
    }

    public int keyCount(SurvivorRef survivor) {
        Integer count = privateDatabase.queryForObject(
                "SELECT COUNT(*) FROM survivor_data_key WHERE survivor_ref = ?", Integer.class, survivor.value());
        return count == null ? 0 : count;
    }

    private DataKey currentKey(SurvivorRef survivor) {
        List<StoredDataKey> rows = privateDatabase.query(
                "SELECT key_id, kek_id, wrapped_key FROM survivor_data_key WHERE survivor_ref = ? ORDER BY created_at DESC, key_id",
                (row, n) -> new StoredDataKey(row.getString(1), survivor, thisAgency, row.getString(2), row.getBytes(3)),
                survivor.value());
        if (!rows.isEmpty()) {
            return new DataKey(rows.get(0).keyId(), unwrap(rows.get(0)));
        }
        // Two transactions may each create one for her at once: both keys are valid, and shredding takes all.
        SecretKey key = generate();
        StoredDataKey stored = ownKeys.wrapForThisAgency(UUID.randomUUID().toString(), survivor, key);
        privateDatabase.update("INSERT INTO survivor_data_key (key_id, survivor_ref, kek_id, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?)",
                stored.keyId(), survivor.value(), stored.kekId(), stored.wrappedKey(), Timestamp.from(clock.instant()));
        unwrapped.put(stored.keyId(), key);
        return new DataKey(stored.keyId(), key);
    }

    private SecretKey unwrap(StoredDataKey stored) {
        return unwrapped.computeIfAbsent(stored.keyId(), id -> ownKeys.unwrap(stored));
    }

    private String associatedData(SurvivorRef survivor, String context) {
        return String.join("|", "private", thisAgency.code(), survivor.value(), context);
    }

    private static SecretKey generate() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a survivor key", e);
        }
    }
}
