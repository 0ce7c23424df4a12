package org.saferwayout.identity.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the RSA signing key in a JWK file so that tokens stay verifiable across restarts of the IdP.
 * The file holds the private key: it is created owner-only and its content is never logged.
 */
public final class SigningKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);
    private static final int KEY_SIZE = 2048;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path keyFile;

    public SigningKeyStore(Path keyFile) {
        this.keyFile = keyFile.toAbsolutePath().normalize();
    }

    public Path keyFile() {
        return keyFile;
    }

    /** Returns the persisted key, generating and saving one on first use. */
    public synchronized RSAKey loadOrCreate() {
        if (Files.exists(keyFile)) {
            RSAKey key = read();
            log.info("Loaded RSA signing key kid={} from {}", key.getKeyID(), keyFile);
            return key;
        }
        RSAKey key = generate();
        write(key);
        log.info("Generated new RSA signing key kid={} at {}", key.getKeyID(), keyFile);
        return key;
    }

    private RSAKey read() {
        try {
            JWK jwk = JWK.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
            if (jwk instanceof RSAKey rsaKey && rsaKey.isPrivate()) {
                return rsaKey;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read signing key file " + keyFile, e);
        } catch (ParseException e) {
            // No cause attached on purpose: parser messages may quote parts of the key material.
            throw new IllegalStateException("Signing key file " + keyFile + " is not a valid JWK");
        }
        // Refuse to silently replace it: a new key would invalidate every token already issued.
        throw new IllegalStateException("Signing key file " + keyFile + " does not hold a private RSA key");
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(KEY_SIZE)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate RSA signing key", e);
        }
    }

    private void write(RSAKey key) {
        Path dir = keyFile.getParent();
        try {
            Files.createDirectories(dir);
            // Write to a temp file first so a crash never leaves a half-written key behind.
            Path tmp = Files.createTempFile(dir, ".signing-key", ".tmp", ownerOnly(dir.getFileSystem()));
            try {
                Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
                move(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write signing key file " + keyFile, e);
        }
    }

    private void move(Path tmp) throws IOException {
        try {
            Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, keyFile);
        }
    }

    private static FileAttribute<?>[] ownerOnly(FileSystem fs) {
        if (fs.supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        return new FileAttribute<?>[0];
    }
}
