package org.saferwayout.subscriber;

import org.junit.jupiter.api.Test;
import org.saferwayout.subscriber.WebhookVerifier.Verdict;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookVerifierTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final byte[] BODY = "{\"specversion\":\"1.0\",\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = new WebhookVerifier(SECRET, Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static String at(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }

    @Test
    void aGenuineDeliveryIsAccepted() {
        String ts = at(NOW);
        assertThat(verifier.verify("msg-1", ts, WebhookVerifier.signature(SECRET, "msg-1", ts, BODY), BODY))
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnough() {
        String ts = at(NOW);
        String both = WebhookVerifier.signature(OTHER_SECRET, "msg-1", ts, BODY) + " "
                + WebhookVerifier.signature(SECRET, "msg-1", ts, BODY);
        assertThat(verifier.verify("msg-1", ts, both, BODY)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aDeliverySignedWithAnotherSecretIsRefusedAsForged() {
        String ts = at(NOW);
        assertThat(verifier.verify("msg-1", ts, WebhookVerifier.signature(OTHER_SECRET, "msg-1", ts, BODY), BODY))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify("msg-1", ts, "v1,not-base64!", BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify("msg-1", ts, "v2,AAAA", BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void anAlteredBodyIdOrTimestampIsRefused() {
        String ts = at(NOW);
        String signature = WebhookVerifier.signature(SECRET, "msg-1", ts, BODY);
        byte[] altered = "{\"specversion\":\"1.0\",\"id\":\"e-2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify("msg-1", ts, signature, altered)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify("msg-2", ts, signature, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify("msg-1", at(NOW.minusSeconds(1)), signature, BODY)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayIsRefusedEvenWhenSigned() {
        String old = at(NOW.minus(Duration.ofMinutes(5)).minusSeconds(1));
        String future = at(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(verifier.verify("msg-1", old, WebhookVerifier.signature(SECRET, "msg-1", old, BODY), BODY))
                .isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(verifier.verify("msg-2", future, WebhookVerifier.signature(SECRET, "msg-2", future, BODY), BODY))
                .isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(verifier.verify("msg-3", "yesterday", "v1,AAAA", BODY)).isEqualTo(Verdict.STALE_TIMESTAMP);
        String edge = at(NOW.minus(Duration.ofMinutes(5)));
        assertThat(verifier.verify("msg-4", edge, WebhookVerifier.signature(SECRET, "msg-4", edge, BODY), BODY))
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void theSameDeliveryReplayedWithinTheToleranceIsRefused() {
        String ts = at(NOW);
        String signature = WebhookVerifier.signature(SECRET, "msg-1", ts, BODY);
        assertThat(verifier.verify("msg-1", ts, signature, BODY)).isEqualTo(Verdict.ACCEPTED);
        assertThat(verifier.verify("msg-1", ts, signature, BODY)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void aForgedDeliveryDoesNotUseUpItsIdForTheGenuineOne() {
        String ts = at(NOW);
        assertThat(verifier.verify("msg-1", ts, WebhookVerifier.signature(OTHER_SECRET, "msg-1", ts, BODY), BODY))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify("msg-1", ts, WebhookVerifier.signature(SECRET, "msg-1", ts, BODY), BODY))
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void missingHeadersAreRefused() {
        String ts = at(NOW);
        String signature = WebhookVerifier.signature(SECRET, "msg-1", ts, BODY);
        assertThat(verifier.verify(null, ts, signature, BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify("msg-1", null, signature, BODY)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify("msg-1", ts, " ", BODY)).isEqualTo(Verdict.MISSING_HEADERS);
    }
}
