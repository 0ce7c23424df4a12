package org.saferwayout.exchange.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 6962 §2.1 hashing: SHA-256, 0x00 before a leaf's data and 0x01 before two child hashes (no second preimages). */
public final class MerkleHashes {

    public static final int HASH_LENGTH = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleHashes() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** MTH({}) : the hash of an empty tree. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    public static byte[] leafHash(byte[] leafData) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        return digest.digest(leafData);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return nodeHash(sha256(), left, right);
    }

    public static byte[] nodeHash(MessageDigest digest, byte[] left, byte[] right) {
        digest.reset();
        digest.update(NODE_PREFIX);
        digest.update(left);
        return digest.digest(right);
    }

    /** Starts a leaf hash whose data the caller then feeds in pieces (see {@link StoredEvent#leafHash}). */
    static MessageDigest startLeaf(MessageDigest digest) {
        digest.reset();
        digest.update(LEAF_PREFIX);
        return digest;
    }

    public static String hex(byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash);
    }
}
