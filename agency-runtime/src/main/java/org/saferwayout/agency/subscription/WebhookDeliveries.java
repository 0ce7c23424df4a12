package org.saferwayout.agency.subscription;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.processing.ProcessingInstances;
import org.saferwayout.events.AgencyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers each subscription's notifications in feed order, one at a time: the next is sent only once the
 * previous was acknowledged (2xx) or dead-lettered, so a later event of a case never overtakes an earlier one.
 * A failed attempt is retried after an exponential back-off with full jitter; after
 * {@code swo.subscriptions.max-attempts} the notification is dead-lettered and delivery goes on. The cursor
 * moves only after the acknowledgement, so a restart repeats at most the notification in flight
 * (at-least-once: subscribers de-duplicate on the CloudEvent id). Subscriptions are delivered in parallel. With
 * several instances of the service (ADR 019) one instance at a time delivers a subscription: it holds its lease.
 */
@Component
class WebhookDeliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    /** Notifications one task delivers before it yields its thread to other subscriptions. */
    private static final int TURN = 100;

    private final WebhookSubscriptions subscriptions;
    private final NotificationFeed feed;
    private final SubscriptionProperties settings;
    private final Clock clock;
    private final AgencyId thisAgency;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private HttpClient http;
    private ScheduledExecutorService scheduler;
    private ExecutorService deliverers;
    private volatile boolean running;

    private final Counter delivered;
    private final Counter failed;
    private final Counter deadLettered;

    WebhookDeliveries(WebhookSubscriptions subscriptions, NotificationFeed feed, SubscriptionProperties settings,
                      AgencyProperties agency, Clock clock, MeterRegistry meters) {
        this.thisAgency = agency.id();
        // Outcomes only: no URL, subscription or notification id in a metric.
        this.delivered = meters.counter("swo.webhook.deliveries", "outcome", "delivered");
        this.failed = meters.counter("swo.webhook.deliveries", "outcome", "failed");
        this.deadLettered = meters.counter("swo.webhook.deliveries", "outcome", "dead-lettered");
        this.subscriptions = subscriptions;
        this.feed = feed;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        AtomicInteger threads = new AtomicInteger();
        deliverers = Executors.newFixedThreadPool(settings.deliveryThreads(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-delivery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead a delivery anywhere
                .build();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-dispatch");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        scheduler.scheduleWithFixedDelay(this::dispatch, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
            deliverers.shutdownNow();
            try {
                deliverers.awaitTermination(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void dispatch() {
        try {
            for (String subscriptionId : subscriptions.due(thisAgency, clock.instant())) {
                if (running && inFlight.add(subscriptionId)) {
                    deliverers.execute(() -> {
                        try {
                            if (holdsDelivery(subscriptionId)) {
                                deliverSome(subscriptionId);
                            }
                        } catch (RuntimeException e) {
                            log.warn("Delivery of subscription {} interrupted by {}; will resume", subscriptionId,
                                    e.getClass().getSimpleName());
                        } finally {
                            inFlight.remove(subscriptionId);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            // The private database may be briefly unreachable; the next tick tries again.
            log.warn("Webhook dispatch failed ({}); retrying", e.getClass().getSimpleName());
        }
    }

    private void deliverSome(String subscriptionId) {
        for (int i = 0; i < TURN && running; i++) {
            Optional<WebhookSubscription> found = subscriptions.find(thisAgency, subscriptionId);
            if (found.isEmpty()) {
                return;
            }
            WebhookSubscription subscription = found.get();
            if (subscription.nextAttemptAt().isAfter(clock.instant())) {
                break;
            }
            Optional<FeedEntry> next = feed.nextAfter(subscription.deliveredThrough(), subscription.eventTypes());
            if (next.isEmpty()) {
                break;
            }
            if (!holdsDelivery(subscriptionId)) {
                return;
            }
            Attempt attempt = post(subscription, next.get());
            if (attempt == Attempt.ABANDONED) {
                return;
            }
            Instant now = clock.instant();
            if (attempt.delivered()) {
                subscriptions.delivered(subscriptionId, subscription.deliveredThrough(), next.get().sequence(), now);
                delivered.increment();
                continue;
            }
            failed.increment();
            int attempts = subscription.failedAttempts() + 1;
            if (attempts >= settings.maxAttempts()) {
                deadLettered.increment();
                subscriptions.deadLetter(subscriptionId, subscription.deliveredThrough(), next.get().sequence(),
                        attempts, attempt.failure(), now);
                log.warn("Notification {} of subscription {} dead-lettered after {} attempts ({})",
                        next.get().sequence(), subscriptionId, attempts, attempt.failure());
            } else {
                subscriptions.attemptFailed(subscriptionId, attempts, now.plus(backoff(attempts)), attempt.failure());
                break;
            }
        }
        redeliverDeadLetters(subscriptionId);
    }

    /** Dead letters the agency asked for again: each on its own, with the same retries and back-off. */
    private void redeliverDeadLetters(String subscriptionId) {
        for (DeadLetter letter : subscriptions.dueRedeliveries(subscriptionId, clock.instant())) {
            Optional<WebhookSubscription> subscription = subscriptions.find(thisAgency, subscriptionId);
            Optional<FeedEntry> entry = feed.at(letter.sequence());
            if (subscription.isEmpty() || entry.isEmpty() || !running || !holdsDelivery(subscriptionId)) {
                return;
            }
            Attempt attempt = post(subscription.get(), entry.get());
            if (attempt == Attempt.ABANDONED) {
                return;
            }
            if (attempt.delivered()) {
                subscriptions.redelivered(subscriptionId, letter.sequence());
                delivered.increment();
            } else {
                failed.increment();
                int attempts = letter.attempts() + 1;
                subscriptions.redeliveryFailed(subscriptionId, letter.sequence(), attempts,
                        clock.instant().plus(backoff(attempts)), attempts >= settings.maxAttempts(), attempt.failure());
            }
        }
    }

    /** Holds, or keeps holding, the subscription's lease for two request timeouts: a dead holder's lapses soon. */
    private boolean holdsDelivery(String subscriptionId) {
        Instant now = clock.instant();
        return subscriptions.holdDelivery(subscriptionId, ProcessingInstances.THIS_INSTANCE, now,
                now.plus(settings.requestTimeout().multipliedBy(2)));
    }

    private Duration backoff(int failedAttempts) {
        return fullJitter(settings.initialBackoff(), settings.maxBackoff(), failedAttempts);
    }

    /** Full jitter: anywhere between zero and the exponential ceiling, so retrying subscribers do not stampede. */
    static Duration fullJitter(Duration initialBackoff, Duration maxBackoff, int failedAttempts) {
        long initial = Math.max(1, initialBackoff.toMillis());
        long ceiling = Math.min(maxBackoff.toMillis(), initial << Math.min(30, Math.max(0, failedAttempts - 1)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private Attempt post(WebhookSubscription subscription, FeedEntry entry) {
        URI callback = subscription.callbackUrl();
        if (!CallbackUrls.isDeliverable(callback)) {
            return Attempt.failed("CALLBACK_NOT_ALLOWED");
        }
        byte[] body = NotificationMessages.structuredJson(entry);
        // Every attempt has its own id: a subscriber refuses an id it has seen as a replay, and de-duplicates
        // repeated notifications on the CloudEvent id instead.
        String webhookId = "msg_" + UUID.randomUUID();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(callback)
                .timeout(settings.requestTimeout())
                .header("Content-Type", NotificationMessages.CONTENT_TYPE)
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", WebhookSignatures.sign(subscription.signingSecret(), webhookId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? Attempt.DELIVERED : Attempt.failed("HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Attempt.failed("TIMEOUT");
        } catch (IOException e) {
            return Attempt.failed("CONNECTION_FAILED");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.ABANDONED;
        }
    }

    private record Attempt(boolean delivered, String failure) {
        static final Attempt DELIVERED = new Attempt(true, null);
        static final Attempt ABANDONED = new Attempt(false, "ABANDONED");

        static Attempt failed(String failure) {
            return new Attempt(false, failure);
        }
    }
}
