package org.saferwayout.subscriber;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a delivery the way the Standard Webhooks spec describes: the {@code webhook-signature} header holds
 * one or more {@code v1,<base64 HMAC-SHA256>} over {@code webhook-id + "." + webhook-timestamp + "." + body},
 * keyed with the subscription's secret ({@code whsec_<base64>}). A delivery is refused when a header is
 * missing, its timestamp is further than the tolerance from now (a captured delivery cannot be replayed
 * later), no signature matches (forged or altered), or its {@code webhook-id} was already accepted (a
 * captured delivery replayed within the tolerance: the network sends every attempt under a new id).
 */
public final class WebhookVerifier {

    public static final String SECRET_PREFIX = "whsec_";

    /** Why a delivery was accepted or refused; only {@link #ACCEPTED} may be processed. */
    public enum Verdict {
        ACCEPTED, MISSING_HEADERS, STALE_TIMESTAMP, BAD_SIGNATURE, REPLAYED
    }

    private final byte[] key;
    private final Duration tolerance;
    private final Clock clock;
    /** Accepted webhook ids with their timestamps; ids older than the tolerance can no longer pass anyway. */
    private final Map<String, Instant> acceptedIds = new LinkedHashMap<>();

    public WebhookVerifier(String secret, Duration tolerance, Clock clock) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        this.key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public WebhookVerifier(String secret) {
        this(secret, Duration.ofMinutes(5), Clock.systemUTC());
    }

    public synchronized Verdict verify(String webhookId, String timestamp, String signatures, byte[] body) {
        if (isBlank(webhookId) || isBlank(timestamp) || isBlank(signatures) || body == null) {
            return Verdict.MISSING_HEADERS;
        }
        Instant sentAt;
        try {
            sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        } catch (NumberFormatException | java.time.DateTimeException malformed) {
            return Verdict.STALE_TIMESTAMP;
        }
        Instant now = clock.instant();
        if (Duration.between(sentAt, now).abs().compareTo(tolerance) > 0) {
            return Verdict.STALE_TIMESTAMP;
        }
        if (!anySignatureMatches(sign(key, webhookId, timestamp.trim(), body), signatures)) {
            return Verdict.BAD_SIGNATURE;
        }
        forgetOlderThan(now.minus(tolerance.multipliedBy(2)));
        // Recorded only after the signature matched, so forged requests cannot fill or poison the memory.
        if (acceptedIds.putIfAbsent(webhookId, sentAt) != null) {
            return Verdict.REPLAYED;
        }
        return Verdict.ACCEPTED;
    }

    /** The {@code v1,...} signature of a delivery; the sender computes exactly this. */
    public static String signature(String secret, String webhookId, String timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        return "v1," + Base64.getEncoder().encodeToString(sign(key, webhookId, timestamp, body));
    }

    private static boolean anySignatureMatches(byte[] expected, String signatures) {
        boolean matched = false;
        for (String candidate : signatures.trim().split(" +")) {
            if (!candidate.startsWith("v1,")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(3));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            // Constant time: a timing difference must not reveal how much of a forged signature was right.
            matched |= MessageDigest.isEqual(expected, given);
        }
        return matched;
    }

    private static byte[] sign(byte[] key, String webhookId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private void forgetOlderThan(Instant horizon) {
        for (Iterator<Instant> it = acceptedIds.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(horizon)) {
                it.remove();
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
