package org.saferwayout.agency.keys;

import org.saferwayout.agency.keys.NetworkKeyStore.PublicKek;
import org.saferwayout.agency.keys.NetworkKeyStore.StoredDataKey;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * This agency's key-encryption keys (X25519): sharers wrap the data keys of what they send here for the public
 * half, which this agency registers in the network key store; only this agency holds the private half, in its
 * own directory. Several pairs after a rotation: the newest wraps, any unwraps.
 *
 * <p>Wrapping is ECIES: an ephemeral X25519 key agreed with the recipient's public key, HKDF-SHA256 of the shared
 * secret (bound to the recipient's key id) as an AES-256-GCM key, which encrypts the data key. Stored:
 * ephemeral public key (X.509) length-prefixed, nonce, ciphertext. (RSA-3072 was tried first: its private
 * operation cost ~26 ms per event on this machine's C1-only JVMs; X25519 costs well under 1 ms.)
 */
public class KeyEncryptionKeys {

    private static final Logger log = LoggerFactory.getLogger(KeyEncryptionKeys.class);
    private static final String CURVE = "X25519";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgencyId agency;
    private final Path directory;
    private final NetworkKeyStore keyStore;
    private final Clock clock;
    /** By kek id; ids start with their creation time, so the last one is the newest. */
    private final TreeMap<String, KeyPair> pairs = new TreeMap<>();

    public KeyEncryptionKeys(AgencyId agency, Path directory, NetworkKeyStore keyStore, Clock clock) {
        this.agency = agency;
        this.directory = directory;
        this.keyStore = keyStore;
        this.clock = clock;
        load();
        if (pairs.isEmpty()) {
            create();
        }
    }

    /** Makes this agency's public keys known to sharers; idempotent, run at start-up and before first use. */
    public synchronized void register() {
        pairs.forEach((kekId, pair) -> keyStore.registerPublicKey(
                new PublicKek(kekId, agency, pair.getPublic().getEncoded()), clock.instant()));
        keyStore.retireAllBut(agency, currentKekId(), clock.instant());
    }

    public synchronized String currentKekId() {
        return pairs.lastKey();
    }

    /**
     * Rotates: a new pair wraps from now on, and every data key this agency was sent is re-wrapped under it.
     * Events are not touched: they name their data key, not the key-encryption key.
     */
    public synchronized Rotation rotate() {
        String previous = currentKekId();
        String next = create();
        register();
        int rewrapped = 0;
        for (String old : pairs.headMap(next).keySet()) {
            for (StoredDataKey key : keyStore.dataKeysWrappedBy(agency, old)) {
                if (keyStore.rewrap(key.keyId(), old, next, wrap(unwrap(key), pairs.get(next).getPublic(), next))) {
                    rewrapped++;
                }
            }
        }
        log.info("Rotated key-encryption key of {} from {} to {}: {} data keys re-wrapped", agency, previous, next, rewrapped);
        return new Rotation(next, rewrapped);
    }

    /** What a rotation did: the new key's id and how many data keys it re-wrapped. */
    public record Rotation(String keyEncryptionKeyId, int dataKeysRewrapped) {
    }

    /** A key this agency keeps for itself (SurvivorDataVault), wrapped under its current key-encryption key. */
    public synchronized StoredDataKey wrapForThisAgency(String keyId, SurvivorRef survivor, SecretKey dataKey) {
        String kekId = currentKekId();
        return new StoredDataKey(keyId, survivor, agency, kekId, wrap(dataKey, pairs.get(kekId).getPublic(), kekId));
    }

    /** The data key, if it was wrapped for this agency by one of its pairs. */
    public synchronized SecretKey unwrap(StoredDataKey key) {
        KeyPair pair = pairs.get(key.kekId());
        if (pair == null || key.agency() != agency) {
            throw new IllegalStateException("data key " + key.keyId() + " is not wrapped for this agency's keys");
        }
        try {
            ByteBuffer wrapped = ByteBuffer.wrap(key.wrappedKey());
            byte[] ephemeral = new byte[wrapped.getShort()];
            wrapped.get(ephemeral);
            byte[] nonce = new byte[12];
            wrapped.get(nonce);
            byte[] ciphertext = new byte[wrapped.remaining()];
            wrapped.get(ciphertext);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, wrappingKey(pair.getPrivate(), publicKey(ephemeral), key.kekId()),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(key.kekId().getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(cipher.doFinal(ciphertext), "AES");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("data key " + key.keyId() + " does not unwrap", e);
        }
    }

    /** Wraps a data key for any agency, given its public key-encryption key and that key's id. */
    public static byte[] wrap(SecretKey dataKey, PublicKey recipientKek, String kekId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(CURVE);
            KeyPair ephemeral = generator.generateKeyPair();
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, wrappingKey(ephemeral.getPrivate(), recipientKek, kekId),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(kekId.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(dataKey.getEncoded());
            byte[] ephemeralPublic = ephemeral.getPublic().getEncoded();
            return ByteBuffer.allocate(2 + ephemeralPublic.length + nonce.length + ciphertext.length)
                    .putShort((short) ephemeralPublic.length).put(ephemeralPublic).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key", e);
        }
    }

    /** X25519 agreement, then HKDF-SHA256 (RFC 5869) with the key id as info: a one-use AES-256 key. */
    private static SecretKey wrappingKey(PrivateKey own, PublicKey other, String kekId) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance(CURVE);
        agreement.init(own);
        agreement.doPhase(other, true);
        byte[] shared = agreement.generateSecret();
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] pseudoRandomKey = hmac.doFinal(shared);
        hmac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
        hmac.update(("swo data key wrap " + kekId).getBytes(StandardCharsets.UTF_8));
        hmac.update((byte) 1);
        return new SecretKeySpec(hmac.doFinal(), "AES");
    }

    public static PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance(CURVE).generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not an X25519 public key", e);
        }
    }

    private String create() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(CURVE).generateKeyPair();
            String kekId = String.format("%013d-%s", clock.millis(), UUID.randomUUID());
            Files.createDirectories(directory);
            // Public first: a private file is only ever found next to its public half.
            write(directory.resolve(kekId + ".public"), pair.getPublic().getEncoded());
            write(directory.resolve(kekId + ".private"), pair.getPrivate().getEncoded());
            pairs.put(kekId, pair);
            return kekId;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key-encryption key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a key-encryption key in " + directory, e);
        }
    }

    private void load() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            Map<String, Path> privates = new TreeMap<>();
            files.filter(file -> file.getFileName().toString().endsWith(".private"))
                    .forEach(file -> privates.put(file.getFileName().toString().replace(".private", ""), file));
            KeyFactory curve = KeyFactory.getInstance(CURVE);
            for (Map.Entry<String, Path> entry : privates.entrySet()) {
                PrivateKey privateKey = curve.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(entry.getValue())));
                PublicKey publicKey = publicKey(Files.readAllBytes(directory.resolve(entry.getKey() + ".public")));
                pairs.put(entry.getKey(), new KeyPair(publicKey, privateKey));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key-encryption keys in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a key-encryption key in " + directory + " is damaged", e);
        }
    }

    /**
     * Written whole or not at all (temporary file, fsync, atomic rename), and readable by the owner only from the
     * moment the file exists: a private half must never sit under the process's default permissions.
     */
    private static void write(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temporary); // Windows: the directory's permissions apply.
        }
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content));
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
