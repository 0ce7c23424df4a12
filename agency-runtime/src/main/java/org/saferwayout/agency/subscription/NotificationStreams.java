package org.saferwayout.agency.subscription;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Open Server-Sent Event streams of the feed. Each stream sends every notification after its starting
 * position, in order, with the position as the event {@code id}; a client that reconnects with
 * {@code Last-Event-ID} resumes right after the last one it got, so it misses nothing and repeats nothing.
 * One thread feeds every stream, so a stream's frames are never interleaved.
 */
@Component
class NotificationStreams implements SmartLifecycle {

    private static final int BATCH = 200;

    private final NotificationFeed feed;
    private final SubscriptionProperties settings;
    private final Clock clock;
    private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService sender;
    private volatile boolean running;

    NotificationStreams(NotificationFeed feed, SubscriptionProperties settings, Clock clock, MeterRegistry meters) {
        meters.gauge("swo.notification.streams.open", open, Set::size);
        this.feed = feed;
        this.settings = settings;
        this.clock = clock;
    }

    private static final class OpenStream {
        final SseEmitter emitter;
        long position;
        Instant lastSent;

        OpenStream(SseEmitter emitter, long position, Instant opened) {
            this.emitter = emitter;
            this.position = position;
            this.lastSent = opened;
        }
    }

    /** A stream of the notifications after {@code position}. */
    SseEmitter openAfter(long position) {
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        OpenStream stream = new OpenStream(emitter, position, clock.instant());
        emitter.onCompletion(() -> open.remove(stream));
        emitter.onTimeout(() -> {
            open.remove(stream);
            emitter.complete();
        });
        emitter.onError(error -> open.remove(stream));
        try {
            // Sent (and the headers with it) as soon as the stream is set up, so the client sees it open at once.
            emitter.send(SseEmitter.event().comment("open"));
        } catch (java.io.IOException unreachable) {
            // Not yet connected: early sends are buffered until the response is ready.
        }
        open.add(stream);
        return emitter;
    }

    private void sendNew() {
        for (OpenStream stream : open) {
            try {
                List<FeedEntry> entries = feed.after(stream.position, BATCH);
                for (FeedEntry entry : entries) {
                    stream.emitter.send(SseEmitter.event()
                            .id(Long.toString(entry.sequence()))
                            .name(entry.type().cloudEventType())
                            .data(new String(NotificationMessages.structuredJson(entry), StandardCharsets.UTF_8)));
                    stream.position = entry.sequence();
                }
                Instant now = clock.instant();
                if (!entries.isEmpty()) {
                    stream.lastSent = now;
                } else if (stream.lastSent.plus(settings.streamHeartbeat()).isBefore(now)) {
                    stream.emitter.send(SseEmitter.event().comment("keep-alive"));
                    stream.lastSent = now;
                }
            } catch (Exception gone) {
                // The client went away (or the feed is briefly unreadable): it reconnects with its last id.
                open.remove(stream);
                stream.emitter.complete();
            }
        }
    }

    @Override
    public synchronized void start() {
        sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "notification-streams");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        sender.scheduleWithFixedDelay(this::sendNew, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (sender != null) {
            sender.shutdownNow();
            sender = null;
        }
        open.forEach(stream -> stream.emitter.complete());
        open.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
