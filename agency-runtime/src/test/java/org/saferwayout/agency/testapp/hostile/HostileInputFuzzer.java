package org.saferwayout.agency.testapp.hostile;

import com.mongodb.client.MongoDatabase;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.UndeclaredLengthRequestBuilder;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Sends one {@link HostileInput} to every operation and checks each answer (issue 9, deliverable 3): never a
 * 5xx; every error problem+json; no stack trace, exception or framework class name, and no personal-data
 * canary in the body or headers; and no write (event stores and read models unchanged) from a rejected
 * request. Counts what it sent, per operation, input class and outcome.
 */
public final class HostileInputFuzzer {

    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\tat |\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|Caused by:|Apache Tomcat");
    /** In an error, also any exception or framework class name (an answer may name its own schemas). */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b\\w+(Exception|Error)\\b"
            + "|\\b(java|javax|jakarta|org\\.springframework|org\\.apache|org\\.axonframework|com\\.fasterxml"
            + "|org\\.h2|de\\.bwaldvogel|com\\.mongodb|org\\.saferwayout)\\.[a-z]");
    private static final String CANARY = HostileInputs.CANARY.toLowerCase(Locale.ROOT);

    private final MockMvc mvc;
    private final List<ApiOperation> operations;
    private final RequestPostProcessor token;
    private final EventStoreRows rows;
    private final MongoDatabase readModels;

    private final LongAdder findings = new LongAdder();
    private final long started = System.nanoTime();
    private final Map<String, LongAdder> perOperation = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perOperationNanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perClass = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perOutcome = new ConcurrentHashMap<>();

    public HostileInputFuzzer(MockMvc mvc, List<ApiOperation> operations, RequestPostProcessor token,
                              EventStoreRows rows, MongoDatabase readModels) {
        this.mvc = mvc;
        this.operations = List.copyOf(operations);
        this.token = token;
        this.rows = rows;
        this.readModels = readModels;
    }

    public List<ApiOperation> operations() {
        return operations;
    }

    public void sendToEveryOperation(HostileInput input) {
        for (ApiOperation operation : operations) {
            send(operation, input);
        }
    }

    private void send(ApiOperation operation, HostileInput input) {
        long start = System.nanoTime();
        try {
            sendAndCheck(operation, input);
        } finally {
            perOperationNanos.computeIfAbsent(operation.id(), id -> new LongAdder()).add(System.nanoTime() - start);
        }
    }

    private void sendAndCheck(ApiOperation operation, HostileInput input) {
        HostileRequest request = HostileRequests.render(operation, input);
        // Reads can only write to the event stores (the access log); writes are checked against read models too.
        List<Long> before = stored(operation);
        MockHttpServletResponse response;
        String body;
        try {
            MvcResult result = mvc.perform(build(request).with(token)).andReturn();
            if (result.getRequest().isAsyncStarted()) {
                // An event stream that opened: close it, as a client going away would.
                result.getRequest().getAsyncContext().complete();
            }
            response = result.getResponse();
            body = response.getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception escaped) {
            // In a servlet container, an exception that escapes every handler is a 500.
            findings.increment();
            throw new AssertionError(operation.id() + ": an exception escaped (a 500): "
                    + escaped.getClass().getName() + "\n  request: " + request, escaped);
        }
        int status = response.getStatus();
        perOperation.computeIfAbsent(operation.id(), id -> new LongAdder()).increment();
        perClass.computeIfAbsent(input.kind().name(), kind -> new LongAdder()).increment();
        perOutcome.computeIfAbsent(operation.id() + " " + (status / 100) + "xx", outcome -> new LongAdder())
                .increment();

        String where = operation.id() + " answered " + status + "\n  request: " + request + "\n  body: "
                + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        check(status < 500, "a server error", where);
        if (status >= 400) {
            String type = response.getContentType();
            check(type != null && MediaType.parseMediaType(type).equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON),
                    "an error that is not problem+json (" + type + ")", where);
        }
        check(!body.toLowerCase(Locale.ROOT).contains(CANARY), "the personal-data canary in the body", where);
        boolean metrics = operation.pathTemplate().equals("/actuator/prometheus");
        // Metric names and tags legitimately name classes (exception="None"); everything else must not.
        check(metrics || !STACK_TRACE.matcher(body).find(), "a stack trace in the body", where);
        check(status < 400 || !CLASS_NAME.matcher(body).find(), "a class name in an error", where);
        for (String name : response.getHeaderNames()) {
            for (String value : response.getHeaders(name)) {
                check(!value.toLowerCase(Locale.ROOT).contains(CANARY), "the canary in header " + name, where);
                check(value.indexOf('\r') < 0 && value.indexOf('\n') < 0, "CR or LF in header " + name, where);
                check(!STACK_TRACE.matcher(value).find() && !CLASS_NAME.matcher(value).find(),
                        "a class name in header " + name, where);
            }
        }
        if (status >= 400) {
            List<Long> after = stored(operation);
            check(after.equals(before), "a write from a rejected request: stored counts " + before + " became "
                    + after, where);
        } else if (!operation.readOnly()) {
            awaitQuiet(operation, before);
        }
    }

    private void check(boolean holds, String finding, String where) {
        if (!holds) {
            findings.increment();
            throw new AssertionError("Finding: " + finding + " -- " + where);
        }
    }

    private static AbstractMockHttpServletRequestBuilder<?> build(HostileRequest request) {
        URI uri = URI.create(request.uri());
        HttpMethod method = HttpMethod.valueOf(request.method());
        AbstractMockHttpServletRequestBuilder<?> builder = request.undeclaredLength()
                ? UndeclaredLengthRequestBuilder.request(method, uri)
                : MockMvcRequestBuilders.request(method, uri);
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.body() != null) {
            builder.content(request.body());
        }
        return builder;
    }

    /** Rows of both event stores and documents of every read model collection. */
    private List<Long> stored(ApiOperation operation) {
        List<Long> counts = new ArrayList<>();
        counts.add(rows.privateCount());
        counts.add(rows.exchangeCount());
        if (operation.readOnly()) {
            return counts;
        }
        long documents = 0;
        for (String collection : readModels.listCollectionNames()) {
            documents += readModels.getCollection(collection).estimatedDocumentCount();
        }
        counts.add(documents);
        return counts;
    }

    /**
     * After an accepted write: until its consequences (publication, projections) have settled, so they are not
     * blamed on the next request. A write that stored events is given a longer quiet window: its projections
     * run on other threads, late on a loaded machine. A heuristic, not a proof (ADR 017).
     */
    private void awaitQuiet(ApiOperation operation, List<Long> before) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<Long> last = stored(operation);
        int quietPollsNeeded = last.equals(before) ? 1 : 4;
        int quietPolls = 0;
        while (quietPolls < quietPollsNeeded && System.nanoTime() < deadline) {
            sleep(200);
            List<Long> now = stored(operation);
            quietPolls = now.equals(last) ? quietPolls + 1 : 0;
            last = now;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Requests sent per input class, per operation, and outcomes per operation. */
    public String summary() {
        long requests = perOperation.values().stream().mapToLong(LongAdder::sum).sum();
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        StringBuilder out = new StringBuilder("Hostile input: " + operations.size() + " operations, " + requests
                + " requests in " + seconds + " s (" + requests / seconds + " a second)\n  per input class:\n");
        new TreeMap<>(perClass).forEach((kind, count) -> out.append("    ").append(kind).append(' ').append(count).append('\n'));
        out.append("  per operation (requests; mean ms a request, checks included; outcomes):\n");
        new TreeMap<>(perOperation).forEach((id, count) -> {
            long millis = perOperationNanos.getOrDefault(id, new LongAdder()).sum() / 1_000_000L;
            out.append("    ").append(id).append(' ').append(count).append("; ")
                    .append(String.format("%.1f", (double) millis / Math.max(1, count.sum()))).append(" ms;");
            for (String bucket : List.of("2xx", "3xx", "4xx", "5xx")) {
                LongAdder n = perOutcome.get(id + " " + bucket);
                if (n != null) {
                    out.append(' ').append(bucket).append('=').append(n);
                }
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** Whether any check failed (jqwik then shrinks, so the counts are no longer one per try). */
    public boolean foundAnything() {
        return findings.sum() > 0;
    }

    public long fewestRequestsToAnOperation() {
        return operations.stream().mapToLong(operation -> {
            LongAdder count = perOperation.get(operation.id());
            return count == null ? 0 : count.sum();
        }).min().orElse(0);
    }
}
