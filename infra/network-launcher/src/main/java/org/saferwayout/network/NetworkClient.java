package org.saferwayout.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * Talks to the network over HTTP like an agency's staff would: tokens from the identity provider (the
 * demo password grant), then the agency APIs. Used by the benchmark and the process-level tests.
 */
public final class NetworkClient {

    public static final String DEMO_PASSWORD = "demo-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String issuer;
    private final ResponseObserver observer;

    /** Sees every answer this client gets (the canary test searches them all for personal data). */
    @FunctionalInterface
    public interface ResponseObserver {
        void observed(String method, String url, Response response);
    }

    public NetworkClient(String issuer) {
        this(issuer, (method, url, response) -> { });
    }

    public NetworkClient(String issuer, ResponseObserver observer) {
        this.issuer = issuer;
        this.observer = observer;
    }

    public String token(String username) throws IOException, InterruptedException {
        String form = "grant_type=password&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + DEMO_PASSWORD;
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("swo-cli:swo-cli-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return expect(200, observed("POST", request, http.send(request, HttpResponse.BodyHandlers.ofString())))
                .get("access_token").asText();
    }

    public Response post(String url, String token, String json) throws IOException, InterruptedException {
        return post(url, token, json, null);
    }

    /** POST with a retry key (ADR 021): sent again with the same key, the request is applied once. */
    public Response post(String url, String token, String json, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpRequest built = request.build();
        return observed("POST", built, http.send(built, HttpResponse.BodyHandlers.ofString()));
    }

    /** GET, with a bearer token unless {@code token} is null. */
    public Response get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.build();
        return observed("GET", built, http.send(built, HttpResponse.BodyHandlers.ofString()));
    }

    private Response observed(String method, HttpRequest request, HttpResponse<String> answer) {
        Response response = Response.of(answer);
        observer.observed(method, request.uri().toString(), response);
        return response;
    }

    /** Opens a case at the agency and returns its id. */
    public String openCase(String agencyUrl, String token) throws IOException, InterruptedException {
        return expect(201, post(agencyUrl + "/api/cases", token, "{}")).get("caseId").asText();
    }

    /** Refers the case's survivor and returns the referral id. */
    public String refer(String agencyUrl, String token, String caseId, String recipient, String service)
            throws IOException, InterruptedException {
        String body = "{\"recipientAgency\":\"" + recipient + "\",\"service\":\"" + service + "\",\"urgency\":\"URGENT\"}";
        return expect(202, post(agencyUrl + "/api/cases/" + caseId + "/referrals", token, body)).get("referralId").asText();
    }

    /** Polls until a GET answers 200 with JSON that {@code until} accepts; refuses after {@code timeout}. */
    public JsonNode await(String url, String token, Predicate<JsonNode> until, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = get(url, token);
            if (last.status() == 200) {
                JsonNode json = last.json();
                if (until.test(json)) {
                    return json;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not there after " + timeout.toSeconds() + " s: GET " + url + " last answered "
                + (last == null ? "nothing" : last.status() + " " + last.body()));
    }

    /** A request body written from maps, lists and values (dates as ISO strings via {@code toString()}). */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException unwritable) {
            throw new IllegalArgumentException("not writable as JSON", unwritable);
        }
    }

    public record Response(int status, String body, String contentType) {

        public Response(int status, String body) {
            this(status, body, null);
        }

        static Response of(HttpResponse<String> response) {
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(null));
        }

        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    public static JsonNode expect(int status, Response response) throws IOException {
        if (response.status() != status) {
            throw new IOException("expected HTTP " + status + " but got " + response.status() + ": " + response.body());
        }
        return response.json();
    }

}
