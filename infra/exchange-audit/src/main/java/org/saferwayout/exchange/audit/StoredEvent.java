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

    /** Per-thread buffer for a leaf's data: one digest update per leaf instead of twenty small ones. */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[4096]});

    /**
     * SHA-256(0x00 || leaf data), the leaf data being every column in a fixed order, each length-prefixed
     * (-1 for null) so no two different rows encode alike.
     */
    public byte[] leafHash(MessageDigest digest) {
        byte[] eventId = utf8(eventIdentifier);
        byte[] aggregateId = utf8(aggregateIdentifier);
        byte[] typeBytes = utf8(type);
        byte[] payloadTypeBytes = utf8(payloadType);
        byte[] revision = utf8(payloadRevision);
        byte[] time = utf8(timeStamp);
        int length = 1 + 8 + 1 + 8 + 4 * 8 + size(eventId) + size(aggregateId) + size(typeBytes)
                + size(payloadTypeBytes) + size(revision) + size(time) + size(payload) + size(metaData);
        byte[][] holder = SCRATCH.get();
        if (holder[0].length < length) {
            holder[0] = new byte[Math.max(length, holder[0].length * 2)];
        }
        byte[] out = holder[0];
        int at = 0;
        out[at++] = ENCODING_VERSION;
        at = putLong(out, at, globalIndex);
        at = putBytes(out, at, eventId);
        at = putBytes(out, at, aggregateId);
        if (sequenceNumber == null) {
            out[at++] = 0;
        } else {
            out[at++] = 1;
            at = putLong(out, at, sequenceNumber);
        }
        at = putBytes(out, at, typeBytes);
        at = putBytes(out, at, payloadTypeBytes);
        at = putBytes(out, at, revision);
        at = putBytes(out, at, time);
        at = putBytes(out, at, payload);
        at = putBytes(out, at, metaData);
        MerkleHashes.startLeaf(digest);
        digest.update(out, 0, at);
        return digest.digest();
    }

    public byte[] leafHash() {
        return leafHash(MerkleHashes.sha256());
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static int size(byte[] value) {
        return value == null ? 0 : value.length;
    }

    private static int putBytes(byte[] out, int at, byte[] value) {
        if (value == null) {
            return putInt(out, at, -1);
        }
        at = putInt(out, at, value.length);
        System.arraycopy(value, 0, out, at, value.length);
        return at + value.length;
    }

    private static int putLong(byte[] out, int at, long value) {
        for (int i = 0; i < 8; i++) {
            out[at + i] = (byte) (value >>> (56 - 8 * i));
        }
        return at + 8;
    }

    private static int putInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
        return at + 4;
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
