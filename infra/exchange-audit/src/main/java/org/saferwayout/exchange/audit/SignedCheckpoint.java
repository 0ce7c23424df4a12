package org.saferwayout.exchange.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A signed tree head: the exchange's Merkle tree had {@code treeSize} leaves and root {@code rootHash} when the
 * log operator signed it at {@code signedAt} (epoch milliseconds) with the Ed25519 key {@code operatorKey}
 * (X.509 SubjectPublicKeyInfo bytes).
 */
public record SignedCheckpoint(long treeSize, byte[] rootHash, long signedAt, byte[] operatorKey, byte[] signature) {

    private static final String SIGNED_PREFIX = "swo-exchange-checkpoint/v1";

    /** What the operator signs: a fixed text, so other tools (openssl, a script) can check it too. */
    public static byte[] signedBytes(long treeSize, byte[] rootHash, long signedAt) {
        return (SIGNED_PREFIX + "\n" + treeSize + "\n" + MerkleHashes.hex(rootHash) + "\n" + signedAt + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public boolean signatureValid() {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(operatorKey));
            verifier.update(signedBytes(treeSize, rootHash, signedAt));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException unreadable) {
            return false;
        }
    }

    public boolean signedBy(byte[] expectedOperatorKey) {
        return Arrays.equals(operatorKey, expectedOperatorKey);
    }

    /** Same size, root, time, key and signature. */
    public boolean sameAs(SignedCheckpoint other) {
        return treeSize == other.treeSize && signedAt == other.signedAt && Arrays.equals(rootHash, other.rootHash)
                && Arrays.equals(operatorKey, other.operatorKey) && Arrays.equals(signature, other.signature);
    }

    public static PublicKey publicKey(byte[] encoded) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    /** A short, stable name for an operator key: the first 16 hex digits of its SHA-256. */
    public static String keyId(byte[] operatorKey) {
        return MerkleHashes.hex(MerkleHashes.sha256().digest(operatorKey)).substring(0, 16);
    }

    public String rootHex() {
        return MerkleHashes.hex(rootHash);
    }

    @Override
    public String toString() {
        return "checkpoint(size " + treeSize + ", root " + rootHex() + ", key " + keyId(operatorKey) + ")";
    }

    public static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }
}
