package org.saferwayout.agency.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferwayout.agency.eventstore.AxonSerializationConfiguration;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.PersonalData.Unreadable;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Envelope encryption of personal data in the exchange (ADR 009), with a real key store (in-memory H2 in
 * PostgreSQL mode) and real key-encryption keys: only the recipient opens, shredding erases, tampering and
 * moving are caught, rotation re-wraps without touching events, keys survive a restart.
 */
class PersonalDataSealingTest {

    private static final String MARKER = "Marker" + UUID.randomUUID().toString().replace("-", "");
    private static final ObjectMapper JSON = AxonSerializationConfiguration.jsonSerializer().getObjectMapper();

    @TempDir
    Path keysDirectory;

    private final Clock clock = Clock.systemUTC();
    private NetworkKeyStore keyStore;

    @BeforeEach
    void keyStore() {
        keyStore = new NetworkKeyStore(new KeysProperties("jdbc:h2:mem:keys-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "", 2, null));
        keyStore.createSchemaIfMissing();
    }

    @AfterEach
    void close() {
        keyStore.close();
    }

    private KeyEncryptionKeys keysOf(AgencyId agency) {
        KeyEncryptionKeys keys = new KeyEncryptionKeys(agency, keysDirectory.resolve(agency.code()), keyStore, clock);
        keys.register();
        return keys;
    }

    private PersonalDataProtectingSerializer serializerOf(AgencyId agency, KeyEncryptionKeys keys) {
        return PersonalDataProtectingSerializer.forExchange(new PersonalDataCipher(agency, keyStore, keys, clock));
    }

    private static ReferralRequested referral(SurvivorRef survivor, AgencyId recipient) {
        return new ReferralRequested(UUID.randomUUID(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                survivor, AgencyId.ALERT, recipient, SupportService.EXIT_SUPPORT, ReferralUrgency.URGENT,
                Instant.parse("2026-11-28T10:00:00Z"), new PersonalData(MARKER + "-name", LocalDate.of(1998, 4, 5),
                MARKER + "-contact", null, MARKER + "-health", null), null);
    }

    private static String text(SerializedObject<byte[]> stored) {
        return new String(stored.getData(), StandardCharsets.UTF_8);
    }

    @Test
    void theRecipientReadsWhatWasSealedForItAndTheStoredBytesHoldNoneOfIt() throws Exception {
        KeyEncryptionKeys cease = keysOf(AgencyId.CEASE);
        KeyEncryptionKeys alert = keysOf(AgencyId.ALERT);
        ReferralRequested sent = referral(SurvivorRef.issue(), AgencyId.CEASE);

        SerializedObject<byte[]> stored = serializerOf(AgencyId.ALERT, alert).serialize(sent, byte[].class);

        assertThat(text(stored)).doesNotContain(MARKER).doesNotContain("1998")
                .contains(sent.referralId(), sent.survivorRef().value(), "\"cease\"", "EXIT_SUPPORT");
        // Field by field, under one data key for the event.
        JsonNode personalData = JSON.readTree(stored.getData()).get("personalData");
        assertThat(personalData.findValuesAsText("sealed")).hasSize(4).containsOnly("A256GCM");
        assertThat(personalData.findValuesAsText("keyId")).hasSize(4).containsOnly(personalData.at("/name/keyId").asText());
        assertThat(keyStore.countDataKeys(sent.survivorRef(), AgencyId.CEASE)).isEqualTo(1);
        assertThat(stored.getType().getName()).isEqualTo(ReferralRequested.class.getName());
        assertThat(stored.getType().getRevision()).isEqualTo("3");
        ReferralRequested read = serializerOf(AgencyId.CEASE, cease).deserialize(stored);
        assertThat(read).isEqualTo(sent);
    }

    @Test
    void anyOtherAgencyIncludingTheSenderGetsTheMarkedReplacement() {
        keysOf(AgencyId.CEASE);
        KeyEncryptionKeys alert = keysOf(AgencyId.ALERT);
        KeyEncryptionKeys reach = keysOf(AgencyId.REACH);
        ReferralRequested sent = referral(SurvivorRef.issue(), AgencyId.CEASE);
        SerializedObject<byte[]> stored = serializerOf(AgencyId.ALERT, alert).serialize(sent, byte[].class);

        for (var reader : new Object[][]{{AgencyId.ALERT, alert}, {AgencyId.REACH, reach}}) {
            ReferralRequested read = serializerOf((AgencyId) reader[0], (KeyEncryptionKeys) reader[1]).deserialize(stored);
            assertThat(read.personalData()).isEqualTo(PersonalData.unreadable(Unreadable.NOT_FOR_THIS_AGENCY));
            assertThat(read.referralId()).isEqualTo(sent.referralId());
        }
    }

    @Test
    void destroyingTheSurvivorsKeysForTheAgencyErasesHerDataOnlyThere() {
        KeyEncryptionKeys cease = keysOf(AgencyId.CEASE);
        KeyEncryptionKeys css = keysOf(AgencyId.CATHOLIC_SOCIAL_SERVICES);
        KeyEncryptionKeys alert = keysOf(AgencyId.ALERT);
        SurvivorRef survivor = SurvivorRef.issue();
        SurvivorRef another = SurvivorRef.issue();
        PersonalDataProtectingSerializer sender = serializerOf(AgencyId.ALERT, alert);
        SerializedObject<byte[]> toCease = sender.serialize(referral(survivor, AgencyId.CEASE), byte[].class);
        SerializedObject<byte[]> toCss = sender.serialize(referral(survivor, AgencyId.CATHOLIC_SOCIAL_SERVICES), byte[].class);
        SerializedObject<byte[]> otherSurvivor = sender.serialize(referral(another, AgencyId.CEASE), byte[].class);

        assertThat(keyStore.destroyDataKeys(survivor, AgencyId.CEASE)).isEqualTo(1);

        PersonalDataProtectingSerializer atCease = serializerOf(AgencyId.CEASE, cease);
        assertThat(((ReferralRequested) atCease.deserialize(toCease)).personalData())
                .isEqualTo(PersonalData.unreadable(Unreadable.ERASED));
        assertThat(((ReferralRequested) atCease.deserialize(otherSurvivor)).personalData().name()).isEqualTo(MARKER + "-name");
        assertThat(((ReferralRequested) serializerOf(AgencyId.CATHOLIC_SOCIAL_SERVICES, css).deserialize(toCss))
                .personalData().name()).isEqualTo(MARKER + "-name");

        assertThat(keyStore.destroyAllDataKeys(survivor)).isEqualTo(1);
        assertThat(((ReferralRequested) serializerOf(AgencyId.CATHOLIC_SOCIAL_SERVICES, css).deserialize(toCss))
                .personalData().unreadable()).isEqualTo(Unreadable.ERASED);
    }

    @Test
    void anAlteredCiphertextOrOneMovedIntoAnotherEventDoesNotOpen() throws Exception {
        KeyEncryptionKeys cease = keysOf(AgencyId.CEASE);
        PersonalDataProtectingSerializer sender = serializerOf(AgencyId.ALERT, keysOf(AgencyId.ALERT));
        PersonalDataProtectingSerializer atCease = serializerOf(AgencyId.CEASE, cease);
        SurvivorRef survivor = SurvivorRef.issue();
        ObjectNode first = (ObjectNode) JSON.readTree(sender.serialize(referral(survivor, AgencyId.CEASE), byte[].class).getData());
        ObjectNode second = (ObjectNode) JSON.readTree(sender.serialize(referral(survivor, AgencyId.CEASE), byte[].class).getData());

        ObjectNode altered = first.deepCopy();
        String ciphertext = altered.at("/personalData/name/ciphertext").asText();
        ((ObjectNode) altered.at("/personalData/name")).put("ciphertext",
                (ciphertext.charAt(0) == 'A' ? "B" : "A") + ciphertext.substring(1));
        ObjectNode moved = second.deepCopy();
        moved.set("personalData", first.get("personalData"));

        for (JsonNode forged : new JsonNode[]{altered, moved}) {
            ReferralRequested read = atCease.deserialize(stored(forged));
            assertThat(read.personalData().unreadable()).isEqualTo(Unreadable.INTEGRITY_CHECK_FAILED);
        }
        assertThat(((ReferralRequested) atCease.deserialize(stored(first))).personalData().name()).isEqualTo(MARKER + "-name");
    }

    @Test
    void rotationReWrapsTheDataKeysSoEventsStillOpenWithOnlyTheNewKeyPair() throws Exception {
        KeyEncryptionKeys cease = keysOf(AgencyId.CEASE);
        String oldKek = cease.currentKekId();
        PersonalDataProtectingSerializer sender = serializerOf(AgencyId.ALERT, keysOf(AgencyId.ALERT));
        ReferralRequested before = referral(SurvivorRef.issue(), AgencyId.CEASE);
        SerializedObject<byte[]> stored = sender.serialize(before, byte[].class);
        byte[] storedBytes = stored.getData().clone();

        assertThat(cease.rotate().dataKeysRewrapped()).isEqualTo(1);
        String newKek = cease.currentKekId();
        assertThat(newKek).isNotEqualTo(oldKek);
        assertThat(keyStore.currentPublicKey(AgencyId.CEASE).orElseThrow().kekId()).isEqualTo(newKek);
        assertThat(keyStore.dataKeysWrappedBy(AgencyId.CEASE, oldKek)).isEmpty();

        // Private halves are readable by their owner only.
        Path directory = keysDirectory.resolve("cease");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.filter(file -> file.getFileName().toString().endsWith(".private")).toList())
                    .hasSize(2).allSatisfy(file -> assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(file))).isEqualTo("rw-------"));
        }
        // The old private key is gone (e.g. retired from the keystore): the event still opens, unchanged.
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith(oldKek)).toList()) {
                Files.delete(file);
            }
        }
        KeyEncryptionKeys restarted = new KeyEncryptionKeys(AgencyId.CEASE, directory, keyStore, clock);
        assertThat((ReferralRequested) serializerOf(AgencyId.CEASE, restarted).deserialize(stored)).isEqualTo(before);
        assertThat(stored.getData()).isEqualTo(storedBytes);

        ReferralRequested after = referral(SurvivorRef.issue(), AgencyId.CEASE);
        SerializedObject<byte[]> sealedAfter = sender.serialize(after, byte[].class);
        assertThat(keyStore.dataKeysWrappedBy(AgencyId.CEASE, newKek)).hasSize(2);
        assertThat((ReferralRequested) serializerOf(AgencyId.CEASE, restarted).deserialize(sealedAfter)).isEqualTo(after);
    }

    @Test
    void anEventWithoutPersonalDataIsStoredExactlyAsThePlainSerializerStoresIt() {
        ReferralStatusChanged changed = new ReferralStatusChanged(UUID.randomUUID(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT, ReferralStatus.ACCEPTED,
                null, Instant.parse("2026-11-28T10:00:00Z"));
        ReferralRequested withoutData = new ReferralRequested(UUID.randomUUID(), "r", "c", SurvivorRef.issue(),
                AgencyId.ALERT, AgencyId.CEASE, SupportService.EXIT_SUPPORT, ReferralUrgency.ROUTINE, Instant.EPOCH, null, null);
        PersonalDataProtectingSerializer sealing = serializerOf(AgencyId.ALERT, keysOf(AgencyId.ALERT));

        for (Object event : new Object[]{changed, withoutData}) {
            assertThat(text(sealing.serialize(event, byte[].class)))
                    .isEqualTo(text(AxonSerializationConfiguration.jsonSerializer().serialize(event, byte[].class)));
        }
        assertThat(keyStore.countDataKeys(withoutData.survivorRef(), AgencyId.CEASE)).isZero();
    }

    private static SerializedObject<byte[]> stored(JsonNode event) throws Exception {
        return new SimpleSerializedObject<>(JSON.writeValueAsBytes(event), byte[].class,
                ReferralRequested.class.getName(), "3");
    }
}
