package org.saferwayout.agency.domain;

import org.saferwayout.events.AgencyId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Ids that make a repeated request harmless (ADR 021). A client that may send a request twice (an agency system
 * retrying after a lost answer, a person clicking a button twice) names the request with a retry key: the
 * {@value #HEADER} header in the API, a hidden submission key in a portal form. The record's id is derived from the
 * key and what the record belongs to, so the same request twice names the same record, and the aggregate answers
 * the second as it answered the first, without a second record. A key never becomes an id by itself: another
 * agency's (or another case's) records cannot be named with it.
 */
public final class SafeRetries {

    public static final String HEADER = "Idempotency-Key";
    /** Printable, no spaces: a UUID, a ULID or the client's own request id all fit. */
    public static final String KEY = "[A-Za-z0-9._:-]{8,100}";
    /** What the API documents of the header. */
    public static final String DESCRIPTION = "Optional. Send the same key again with a repeated request (after a lost "
            + "answer) and it is answered as the first was, without a second record. 8 to 100 of A-Z a-z 0-9 . _ : -";

    private SafeRetries() {
    }

    /** The id of the referral a case of {@code agency} requests under this retry key (null: a new random id). */
    public static String referralId(AgencyId agency, String caseId, String key) {
        return idFor("referral", agency.code() + '/' + caseId, key);
    }

    /** The id of a service {@code agency} records as delivered on a referral under this retry key. */
    public static String deliveryId(AgencyId agency, String referralId, String key) {
        return idFor("delivery", agency.code() + '/' + referralId, key);
    }

    /** @param owner what the record belongs to, so that ids never collide across agencies, cases or referrals */
    private static String idFor(String kind, String owner, String key) {
        if (key == null || key.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        byte[] digest = sha256(kind + '\n' + owner + '\n' + key);
        // A name-based UUID (version 8: custom) from the first 16 bytes of SHA-256.
        digest[6] = (byte) ((digest[6] & 0x0f) | 0x80);
        digest[8] = (byte) ((digest[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(digest, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }
}
