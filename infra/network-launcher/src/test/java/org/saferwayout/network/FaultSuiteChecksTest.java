package org.saferwayout.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault suite's verdicts (ADR 016) on made-up evidence: each check must be able to fail. */
class FaultSuiteChecksTest {

    @Test
    void aLedgeredCommandMissingOrPresentTwiceIsAFinding() {
        Map<String, Integer> counted = Map.of("r1", 1, "r2", 2);

        assertThat(LedgerCheck.exactlyOnceFindings("inbox", Set.of("r1", "r2", "r3"), counted, 0))
                .containsExactly("inbox: 1 of 3 accepted missing, e.g. [r3]", "inbox: 1 present more than once, e.g. [r2]");
        assertThat(LedgerCheck.exactlyOnceFindings("inbox", Set.of("r1", "r2"), Map.of("r1", 1, "r2", 1), 0)).isEmpty();
    }

    @Test
    void unledgeredEntriesAreAllowedOnlyUpToTheAnswersLost() {
        Map<String, Integer> counted = Map.of("r1", 1, "lost1", 1, "lost2", 1);

        assertThat(LedgerCheck.exactlyOnceFindings("exchange", Set.of("r1"), counted, 2)).isEmpty();
        assertThat(LedgerCheck.exactlyOnceFindings("exchange", Set.of("r1"), counted, 1))
                .containsExactly("exchange: 2 never accepted (only 1 answers were lost)");
    }

    @Test
    void replayDifferencesNameDocumentsAndFieldsButNoValues() throws Exception {
        Map<String, String> live = Map.of(
                "referral_inbox/a", "{\"_id\":\"a\",\"name\":\"Secret Name\",\"status\":\"REQUESTED\"}",
                "referral_inbox/b", "{\"_id\":\"b\"}",
                "consents/c", "{\"_id\":\"c\"}");
        Map<String, String> replayed = Map.of(
                "referral_inbox/a", "{\"_id\":\"a\",\"name\":\"Other Name\",\"status\":\"REQUESTED\"}",
                "consents/c", "{\"_id\":\"c\"}",
                "consents/d", "{\"_id\":\"d\"}");

        List<String> differences = ReadModelReplay.differences(live, replayed);

        assertThat(differences).containsExactly("consents/d only in the replay", "referral_inbox/a differs in [name]",
                "referral_inbox/b missing from the replay");
        assertThat(String.join(" ", differences)).doesNotContain("Secret").doesNotContain("Other");
        assertThat(ReadModelReplay.differences(live, live)).isEmpty();
    }

    @Test
    void backOffIsReadFromTheLogAfterTheOutageBeganAndMustGrow(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("cease.log");
        String before = "WARN TrackingEventProcessor : Releasing claim on token and preparing for retry in 1s\n";
        Files.writeString(log, before + """
                WARN TrackingEventProcessor : Error occurred. Starting retry mode.
                WARN TrackingEventProcessor : Releasing claim on token and preparing for retry in 1s
                WARN TrackingEventProcessor : Releasing claim on token and preparing for retry in 2s
                WARN TrackingEventProcessor : Releasing claim on token and preparing for retry in 4s
                """);

        List<Integer> delays = FaultSuite.retryDelays(FaultSuite.appendedSince(log, before.length()));

        assertThat(delays).containsExactly(1, 2, 4);
        assertThat(FaultSuite.growing(delays)).isTrue();
        assertThat(FaultSuite.growing(List.of(1, 1, 1))).as("retrying without backing off").isFalse();
        assertThat(FaultSuite.growing(List.of(1))).isFalse();
        assertThat(FaultSuite.growing(List.of())).isFalse();
    }

    @Test
    void theSharedReadersFailuresCountAsBackOffOnlyWhenPacedAfterTheFirstBreak() {
        // as REACH logged it when the exchange store died while its processors were at the head of the stream
        String logged = """
                2026-11-29T04:11:32.022Z ERROR 1878 --- [reach] [dedEventStore-0] [ ] o.a.e.eventstore.EmbeddedEventStore      : Failed to read events from the underlying event storage
                2026-11-29T04:11:32.077Z ERROR 1878 --- [reach] [dedEventStore-0] [ ] o.a.e.eventstore.EmbeddedEventStore      : Failed to read events from the underlying event storage
                2026-11-29T04:11:37.138Z ERROR 1878 --- [reach] [dedEventStore-0] [ ] o.a.e.eventstore.EmbeddedEventStore      : Failed to read events from the underlying event storage
                2026-11-29T04:11:42.204Z ERROR 1878 --- [reach] [dedEventStore-0] [ ] o.a.e.eventstore.EmbeddedEventStore      : Failed to read events from the underlying event storage
                """;

        List<Instant> failures = FaultSuite.sharedReaderFailures(logged);

        assertThat(failures).hasSize(4);
        assertThat(FaultSuite.paced(failures)).isTrue();
        Instant start = Instant.parse("2026-11-29T04:11:32Z");
        assertThat(FaultSuite.paced(List.of(start, start.plusSeconds(2), start.plusMillis(2100), start.plusMillis(2200))))
                .as("a tight loop after the first break").isFalse();
        assertThat(FaultSuite.paced(List.of(start, start.plusMillis(50)))).as("only the first break").isFalse();
        assertThat(FaultSuite.paced(List.of(start, start.plusSeconds(5)))).as("one retry is not a pace yet").isFalse();
        assertThat(FaultSuite.paced(List.of())).isFalse();
    }
}
