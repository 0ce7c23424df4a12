package org.saferwayout.exchange.audit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The log operator's Ed25519 key. Generated on first start under the data directory, owner-only from the moment
 * the file exists (never chmod-ed after writing), and never committed ({@code data/} is ignored).
 */
public final class CheckpointSigner {

    static final String PRIVATE_KEY_FILE = "checkpoint-signing-key.pk8";
    static final String PUBLIC_KEY_FILE = "checkpoint-signing-key.pub";

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    public CheckpointSigner(KeyPair keys) {
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic().getEncoded();
    }

    public static CheckpointSigner generate() {
        try {
            return new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required (Java 15+)", e);
        }
    }

    /** Loads the operator key from {@code directory}, generating it on first start. */
    public static CheckpointSigner loadOrGenerate(Path directory) throws IOException, GeneralSecurityException {
        Path privateFile = directory.resolve(PRIVATE_KEY_FILE);
        Path publicFile = directory.resolve(PUBLIC_KEY_FILE);
        if (!Files.exists(privateFile)) {
            Files.createDirectories(directory);
            KeyPair generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            try {
                writeOwnerOnly(privateFile, generated.getPrivate().getEncoded());
                // base64 text: what swo.audit.operator-public-key and the CLI's --operator-key take
                Files.writeString(publicFile, Base64.getEncoder().encodeToString(generated.getPublic().getEncoded()) + "\n");
                return new CheckpointSigner(generated);
            } catch (FileAlreadyExistsException anotherStartWon) {
                // fall through and load what the other start wrote
            }
        }
        KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
        PrivateKey privateKey = ed25519.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
        PublicKey publicKey = ed25519.generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(Files.readString(publicFile).trim())));
        return new CheckpointSigner(new KeyPair(publicKey, privateKey));
    }

    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public SignedCheckpoint sign(long treeSize, byte[] rootHash, long signedAt) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(SignedCheckpoint.signedBytes(treeSize, rootHash, signedAt));
            return new SignedCheckpoint(treeSize, rootHash.clone(), signedAt, publicKey.clone(), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
