package org.saferwayout.agency.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.eventstore.AxonSerializationConfiguration;
import org.saferwayout.agency.keys.KeyEncryptionKeys;
import org.saferwayout.agency.keys.NetworkKeyStore;
import org.saferwayout.agency.keys.PersonalDataCipher;
import org.saferwayout.agency.keys.PersonalDataProtectingSerializer;
import org.saferwayout.agency.testapp.EventStoreRows.Row;
import org.saferwayout.events.AgencyId;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The other agencies of the network, as far as keys go: each has its own key-encryption keys, registered in
 * the test's key store like a running agency would, so this agency can send them personal data; and a test
 * can read an exchange row as any agency would (only the recipient opens its data).
 */
@Component
public class NetworkAgencyKeys {

    private final Map<AgencyId, PersonalDataProtectingSerializer> readers = new EnumMap<>(AgencyId.class);
    private final ObjectMapper json = AxonSerializationConfiguration.jsonSerializer().getObjectMapper();

    public NetworkAgencyKeys(NetworkKeyStore keyStore, PersonalDataCipher ownCipher, AgencyProperties agency,
                             Clock clock) throws IOException {
        keyStore.createSchemaIfMissing();
        Path directory = Files.createTempDirectory(Path.of("target"), "other-agencies-keys-");
        for (AgencyId other : AgencyId.values()) {
            PersonalDataCipher cipher = ownCipher;
            if (other != agency.id()) {
                KeyEncryptionKeys keys = new KeyEncryptionKeys(other, directory.resolve(other.code()), keyStore, clock);
                keys.register();
                cipher = new PersonalDataCipher(other, keyStore, keys, clock);
            }
            readers.put(other, PersonalDataProtectingSerializer.forExchange(cipher));
        }
    }

    /** The row's event as {@code agency} reads it from the exchange, as JSON. */
    public JsonNode readAs(AgencyId agency, Row row) {
        Object event = readers.get(agency).deserialize(new SimpleSerializedObject<>(
                row.payload().getBytes(StandardCharsets.UTF_8), byte[].class,
                new SimpleSerializedType(row.payloadType(), null)));
        return json.valueToTree(event);
    }

    /** The stored JSON, sealed values and all. */
    public JsonNode raw(Row row) {
        try {
            return json.readTree(row.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
