package org.saferwayout.agency.subscription;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import org.saferwayout.subscriber.ReferenceSubscriber;
import org.saferwayout.subscriber.WebhookVerifier;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agency system on 127.0.0.1: the reference subscriber behind a front door that fails a share of the
 * deliveries at random, half of them before the subscriber sees them (lost) and half after it handled them
 * (so the network retries what was already received, and the subscriber must de-duplicate). Records every
 * request's raw headers and body, and every notification the subscriber handed on, in order.
 */
final class UnreliableSubscriber implements AutoCloseable {

    record Delivery(Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final List<CloudEvent> received = new CopyOnWriteArrayList<>();
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final AtomicInteger failedBeforeHandling = new AtomicInteger();
    final AtomicInteger failedAfterHandling = new AtomicInteger();
    private final ReferenceSubscriber subscriber;
    private final HttpServer frontDoor;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile double failureRate;

    UnreliableSubscriber(String secret, double failureRate) throws IOException {
        this.failureRate = failureRate;
        this.subscriber = LoopbackPorts.bindFree(port -> new ReferenceSubscriber("127.0.0.1", port, "/webhook",
                new WebhookVerifier(secret), received::add)).start();
        this.frontDoor = LoopbackPorts.bindFree(port -> HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50));
        frontDoor.createContext("/webhook", this::receive);
        frontDoor.setExecutor(Executors.newFixedThreadPool(4));
        frontDoor.start();
    }

    URI callbackUrl() {
        return URI.create("http://127.0.0.1:" + frontDoor.getAddress().getPort() + "/webhook");
    }

    /** Where the reference subscriber itself listens, to send it forged or replayed deliveries directly. */
    URI subscriberUrl() {
        return URI.create("http://127.0.0.1:" + subscriber.port() + "/webhook");
    }

    void failureRate(double rate) {
        this.failureRate = rate;
    }

    /** While down, every delivery fails before the subscriber sees it. */
    void down(boolean down) {
        this.down = down;
    }

    private volatile boolean down;
    private volatile long latencyMillis;

    /** Each delivery takes at least this long to answer, as a busy agency system would. */
    void latency(Duration latency) {
        this.latencyMillis = latency.toMillis();
    }

    /** Sends a delivery straight to the reference subscriber, as an attacker on the path could; its status. */
    int sendDirectly(Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(subscriberUrl())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = Map.of(
                    "content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "webhook-id", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")),
                    "webhook-timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    "webhook-signature", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature")));
            deliveries.add(new Delivery(headers, body));
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            double roll = ThreadLocalRandom.current().nextDouble();
            if (down || roll < failureRate / 2) {
                failedBeforeHandling.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            int status;
            try {
                status = sendDirectly(headers, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
            }
            if (roll < failureRate) {
                failedAfterHandling.incrementAndGet();
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        frontDoor.stop(0);
        subscriber.close();
    }
}
