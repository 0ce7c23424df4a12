package org.saferwayout.agency.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** The Server-Sent Event stream of ALERT's notifications: resumable, no gaps, no repeats, only ALERT's. */
@AgencyRuntimeTest
class NotificationStreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private NotificationFeed feed;
    @Autowired
    private ObjectMapper json;

    /** One {@code id:}/{@code event:}/{@code data:} frame of a text/event-stream. */
    record Frame(long id, String event, String data) {
    }

    static List<Frame> frames(MockHttpServletResponse response) throws Exception {
        List<Frame> frames = new ArrayList<>();
        String content = response.getContentAsString(StandardCharsets.UTF_8);
        // Only complete frames: the last one may still be being written.
        content = content.substring(0, content.lastIndexOf("\n\n") + 1);
        for (String block : content.split("\n\n")) {
            Long id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
            if (id != null) {
                frames.add(new Frame(id, event, data.toString()));
            }
        }
        return frames;
    }

    private MvcResult open(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request.accept(MediaType.TEXT_EVENT_STREAM)
                .with(Tokens.forSubject("alert-system", "alert", "AGENCY_SYSTEM"))).andReturn();
        assertThat(result.getRequest().isAsyncStarted()).isTrue();
        return result;
    }

    private static void disconnect(MvcResult stream) {
        stream.getRequest().getAsyncContext().complete();
    }

    private List<String> publishToAlertAndElsewhere(int count) {
        List<String> alertIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String referralId = UUID.randomUUID().toString();
            ReferralStatusChanged toAlert = WebhookDeliveryTest.statusChange(referralId, UUID.randomUUID().toString(),
                    SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT, ReferralStatus.RECEIVED, null);
            exchange.publish(toAlert);
            alertIds.add(toAlert.eventId().toString());
            exchange.publish(WebhookDeliveryTest.statusChange(referralId, UUID.randomUUID().toString(),
                    SurvivorRef.issue(), AgencyId.ALERT, AgencyId.CEASE, ReferralStatus.RECEIVED, null));
        }
        return alertIds;
    }

    private void awaitInFeed(List<String> eventIds) {
        await().atMost(PATIENCE).until(() -> feed.after(0, 100_000).stream().map(FeedEntry::eventId)
                .collect(Collectors.toSet()).containsAll(eventIds));
    }

    @Test
    void aClientReconnectingWithItsLastEventIdMissesNothingAndRepeatsNothing() throws Exception {
        long start = feed.lastPosition();
        List<String> first = publishToAlertAndElsewhere(40);
        awaitInFeed(first);

        MvcResult before = open(get("/api/notifications/stream").param("after", Long.toString(start)));
        List<Frame> seenBefore = await().atMost(PATIENCE).until(() -> frames(before.getResponse()),
                frames -> frames.size() >= 25);
        disconnect(before);
        assertThat(before.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        // What the client got before the connection dropped: maybe more than 25, each complete.
        long lastEventId = seenBefore.get(seenBefore.size() - 1).id();

        List<String> whileAway = publishToAlertAndElsewhere(20);
        MvcResult after = open(get("/api/notifications/stream").header("Last-Event-ID", Long.toString(lastEventId)));
        List<String> live = publishToAlertAndElsewhere(20);
        awaitInFeed(live);
        long end = feed.lastPosition();
        List<Frame> seenAfter = await().atMost(PATIENCE).until(() -> frames(after.getResponse()),
                frames -> !frames.isEmpty() && frames.get(frames.size() - 1).id() >= end);
        disconnect(after);

        List<Frame> all = new ArrayList<>(seenBefore);
        all.addAll(seenAfter);
        // Exactly the feed's positions from the start on, once each and in order: no gap, no repeat.
        List<Long> expectedPositions = feed.after(start, 100_000).stream().map(FeedEntry::sequence)
                .filter(position -> position <= end).toList();
        assertThat(all).extracting(Frame::id).containsExactlyElementsOf(expectedPositions);
        Set<String> streamed = new java.util.HashSet<>();
        for (Frame frame : all) {
            JsonNode cloudEvent = json.readTree(frame.data());
            assertThat(cloudEvent.get("specversion").asText()).isEqualTo("1.0");
            assertThat(cloudEvent.get("sequence").asText()).isEqualTo(Long.toString(frame.id()));
            assertThat(cloudEvent.get("type").asText()).isEqualTo(frame.event());
            assertThat(cloudEvent.get("data").get("recipientAgency").asText()).isEqualTo("alert");
            streamed.add(cloudEvent.get("id").asText());
        }
        assertThat(streamed).containsAll(first).containsAll(whileAway).containsAll(live);
        assertThat(LongStream.of(all.stream().mapToLong(Frame::id).toArray()).distinct().count()).isEqualTo(all.size());
    }

    @Test
    void aFirstConnectionStartsWithTheNextNotification() throws Exception {
        List<String> old = publishToAlertAndElsewhere(3);
        awaitInFeed(old);
        MvcResult stream = open(get("/api/notifications/stream"));
        List<String> fresh = publishToAlertAndElsewhere(3);
        List<Frame> seen = await().atMost(PATIENCE).until(() -> frames(stream.getResponse()), frames -> frames.stream()
                .map(frame -> frame.data()).filter(data -> fresh.stream().anyMatch(data::contains)).count() == 3);
        disconnect(stream);
        assertThat(seen).noneMatch(frame -> old.stream().anyMatch(frame.data()::contains));
    }

    @Test
    void onlyThisAgencysSystemsAndSupervisorsMayStreamAndABadLastEventIdIsRefused() throws Exception {
        MockHttpServletResponse otherAgency = mvc.perform(get("/api/notifications/stream")
                .with(Tokens.forSubject("cease-system", "cease", "AGENCY_SYSTEM"))).andReturn().getResponse();
        assertThat(otherAgency.getStatus()).isEqualTo(403);
        assertThat(otherAgency.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        MockHttpServletResponse intakeWorker = mvc.perform(get("/api/notifications/stream")
                .with(Tokens.of("alert", "INTAKE_WORKER"))).andReturn().getResponse();
        assertThat(intakeWorker.getStatus()).isEqualTo(403);
        MockHttpServletResponse anonymous = mvc.perform(get("/api/notifications/stream")).andReturn().getResponse();
        assertThat(anonymous.getStatus()).isEqualTo(401);
        MockHttpServletResponse badCursor = mvc.perform(get("/api/notifications/stream")
                .header("Last-Event-ID", "12; DROP TABLE")
                .with(Tokens.forSubject("alert-system", "alert", "AGENCY_SYSTEM"))).andReturn().getResponse();
        assertThat(badCursor.getStatus()).isEqualTo(400);
        assertThat(badCursor.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);

        MvcResult supervisor = mvc.perform(get("/api/notifications/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .with(Tokens.of("alert", "SUPERVISOR"))).andReturn();
        assertThat(supervisor.getRequest().isAsyncStarted()).isTrue();
        disconnect(supervisor);
    }
}
