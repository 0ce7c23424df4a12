package org.saferwayout.subscriber;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * What an agency system runs to receive the network's webhooks: it verifies each delivery's signature
 * ({@link WebhookVerifier}), refuses stale, replayed, forged and altered ones, reads the CloudEvent, drops
 * a notification it already has (same {@code source} and {@code id}: delivery is at-least-once) and hands
 * each new one on, in the order received. Notifications carry ids and states only; the system then reads
 * details through the agency's authenticated API.
 *
 * <pre>
 * SWO_WEBHOOK_SECRET=whsec_... java -jar reference-subscriber-exec.jar --port 19100 [--host 127.0.0.1] [--path /webhook]
 * </pre>
 */
public final class ReferenceSubscriber implements AutoCloseable {

    private static final int MAX_BODY = 256 * 1024;

    private final HttpServer server;
    private final WebhookVerifier verifier;
    private final Consumer<CloudEvent> onNotification;
    private final JsonFormat format = new JsonFormat();
    private final Set<String> seenNotifications = Collections.synchronizedSet(new LinkedHashSet<>());

    public ReferenceSubscriber(String host, int port, String path, WebhookVerifier verifier,
                               Consumer<CloudEvent> onNotification) throws IOException {
        this.verifier = verifier;
        this.onNotification = onNotification;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 50);
        server.createContext(path, this::receive);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "reference-subscriber");
            thread.setDaemon(true);
            return thread;
        }));
    }

    public ReferenceSubscriber start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405);
                return;
            }
            byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY);
            if (body == null) {
                respond(exchange, 413);
                return;
            }
            WebhookVerifier.Verdict verdict = verifier.verify(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    body);
            switch (verdict) {
                case ACCEPTED -> respond(exchange, accept(body));
                case REPLAYED -> respond(exchange, 409);
                case MISSING_HEADERS -> respond(exchange, 400);
                default -> respond(exchange, 401);
            }
        }
    }

    private int accept(byte[] body) {
        CloudEvent notification;
        try {
            notification = format.deserialize(body);
        } catch (RuntimeException notACloudEvent) {
            return 400;
        }
        // Checked, recorded and handed on as one step, so two retries arriving together pass only once.
        synchronized (seenNotifications) {
            if (seenNotifications.add(notification.getSource() + " " + notification.getId())) {
                onNotification.accept(notification);
            }
        }
        return 204;
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    /** One line per new notification: sequence, type, subject, id and the (id-only) data. */
    public static Consumer<CloudEvent> printingTo(PrintStream out) {
        return notification -> out.printf("%s %s subject=%s id=%s data=%s%n",
                notification.getExtension("sequence"), notification.getType(), notification.getSubject(),
                notification.getId(), notification.getData() == null ? "{}"
                        : new String(notification.getData().toBytes(), StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = "127.0.0.1";
        int port = 19100;
        String path = "/webhook";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--path" -> path = args[i + 1];
                default -> usage();
            }
        }
        // From the environment, not the command line, where any local user could read it in the process list.
        String secret = System.getenv("SWO_WEBHOOK_SECRET");
        if (secret == null || !secret.startsWith(WebhookVerifier.SECRET_PREFIX) || args.length % 2 != 0) {
            usage();
        }
        ReferenceSubscriber subscriber = new ReferenceSubscriber(host, port, path, new WebhookVerifier(secret),
                printingTo(System.out)).start();
        System.out.printf("Listening on http://%s:%d%s%n", host, subscriber.port(), path);
        Runtime.getRuntime().addShutdownHook(new Thread(subscriber::close));
        Thread.currentThread().join(); // the server's threads are daemons: run until Ctrl-C
    }

    private static void usage() {
        System.err.println("usage: SWO_WEBHOOK_SECRET=whsec_... java -jar reference-subscriber-exec.jar"
                + " [--host 127.0.0.1] [--port 19100] [--path /webhook]");
        System.exit(2);
    }
}
