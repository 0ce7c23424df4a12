package org.saferwayout.agency.keys;

import org.saferwayout.agency.keys.NetworkKeyStore.PublicKek;
import org.saferwayout.agency.keys.NetworkKeyStore.StoredDataKey;
import org.saferwayout.events.AgencyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
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
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * This agency's key-encryption keys (RSA-3072, OAEP with SHA-256): sharers wrap the data keys of what they
 * send here with the public half, which this agency registers in the network key store; only this agency
 * holds the private half, in its own directory. Several pairs after a rotation: the newest wraps, any unwraps.
 */
public class KeyEncryptionKeys {

    private static final Logger log = LoggerFactory.getLogger(KeyEncryptionKeys.class);
    private static final String WRAP = "RSA/ECB/OAEPPadding";
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

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
    public synchronized int rotate() {
        String previous = currentKekId();
        String next = create();
        register();
        int rewrapped = 0;
        for (String old : pairs.headMap(next).keySet()) {
            for (StoredDataKey key : keyStore.dataKeysWrappedBy(agency, old)) {
                if (keyStore.rewrap(key.keyId(), old, next, wrap(unwrap(key), pairs.get(next).getPublic()))) {
                    rewrapped++;
                }
            }
        }
        log.info("Rotated key-encryption key of {} from {} to {}: {} data keys re-wrapped", agency, previous, next, rewrapped);
        return rewrapped;
    }

    /** The data key, if it was wrapped for this agency by one of its pairs. */
    public synchronized SecretKey unwrap(StoredDataKey key) {
        KeyPair pair = pairs.get(key.kekId());
        if (pair == null || key.agency() != agency) {
            throw new IllegalStateException("data key " + key.keyId() + " is not wrapped for this agency's keys");
        }
        try {
            Cipher cipher = Cipher.getInstance(WRAP);
            cipher.init(Cipher.DECRYPT_MODE, pair.getPrivate(), OAEP);
            return new SecretKeySpec(cipher.doFinal(key.wrappedKey()), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("data key " + key.keyId() + " does not unwrap", e);
        }
    }

    /** Wraps a data key for any agency, given its public key-encryption key. */
    public static byte[] wrap(SecretKey dataKey, PublicKey recipientKek) {
        try {
            Cipher cipher = Cipher.getInstance(WRAP);
            cipher.init(Cipher.ENCRYPT_MODE, recipientKek, OAEP);
            return cipher.doFinal(dataKey.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key", e);
        }
    }

    public static PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not an RSA public key", e);
        }
    }

    private String create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            KeyPair pair = generator.generateKeyPair();
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
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            for (Map.Entry<String, Path> entry : privates.entrySet()) {
                PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(entry.getValue())));
                PublicKey publicKey = publicKey(Files.readAllBytes(directory.resolve(entry.getKey() + ".public")));
                pairs.put(entry.getKey(), new KeyPair(publicKey, privateKey));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key-encryption keys in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a key-encryption key in " + directory + " is damaged", e);
        }
    }

    /** Written whole or not at all (temporary file, fsync, atomic rename), readable by the owner only. */
    private static void write(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, content);
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's permissions apply.
        }
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
