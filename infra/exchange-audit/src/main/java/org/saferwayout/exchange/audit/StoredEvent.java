package org.saferwayout.exchange.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One row of the exchange's {@code domainevententry} table exactly as stored: sealed personal data stays
 * ciphertext, so the hash outlives erasure (key destruction) of what it covers.
 */
public record StoredEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, Long sequenceNumber,
                          String type, String payloadType, String payloadRevision, String timeStamp,
                          byte[] payload, byte[] metaData) {

    /** Columns in the order the leaf encoding takes them; SQL-ready for both H2 (PostgreSQL mode) and PostgreSQL. */
    public static final String COLUMNS = "globalindex, eventidentifier, aggregateidentifier, sequencenumber, type,"
            + " payloadtype, payloadrevision, timestamp, payload, metadata";
    public static final String TABLE = "domainevententry";

    /** Version of the leaf encoding below, first byte of every leaf's data. */
    private static final byte ENCODING_VERSION = 1;

    /**
     * SHA-256(0x00 || leaf data), the leaf data being every column in a fixed order, each length-prefixed
     * (-1 for null) so no two different rows encode alike.
     */
    public byte[] leafHash(MessageDigest digest) {
        MerkleHashes.startLeaf(digest);
        digest.update(ENCODING_VERSION);
        putLong(digest, globalIndex);
        putString(digest, eventIdentifier);
        putString(digest, aggregateIdentifier);
        if (sequenceNumber == null) {
            digest.update((byte) 0);
        } else {
            digest.update((byte) 1);
            putLong(digest, sequenceNumber);
        }
        putString(digest, type);
        putString(digest, payloadType);
        putString(digest, payloadRevision);
        putString(digest, timeStamp);
        putBytes(digest, payload);
        putBytes(digest, metaData);
        return digest.digest();
    }

    public byte[] leafHash() {
        return leafHash(MerkleHashes.sha256());
    }

    private static void putString(MessageDigest digest, String value) {
        putBytes(digest, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void putBytes(MessageDigest digest, byte[] value) {
        if (value == null) {
            putInt(digest, -1);
        } else {
            putInt(digest, value.length);
            digest.update(value);
        }
    }

    private static void putLong(MessageDigest digest, long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (56 - 8 * i));
        }
        digest.update(bytes);
    }

    private static void putInt(MessageDigest digest, int value) {
        digest.update(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** Reads the row at the result set's cursor, columns in {@link #COLUMNS} order starting at {@code first}. */
    public static StoredEvent read(java.sql.ResultSet row, int first) throws java.sql.SQLException {
        long sequence = row.getLong(first + 3);
        Long sequenceNumber = row.wasNull() ? null : sequence;
        return new StoredEvent(row.getLong(first), row.getString(first + 1), row.getString(first + 2), sequenceNumber,
                row.getString(first + 4), row.getString(first + 5), row.getString(first + 6), row.getString(first + 7),
                row.getBytes(first + 8), row.getBytes(first + 9));
    }
}
