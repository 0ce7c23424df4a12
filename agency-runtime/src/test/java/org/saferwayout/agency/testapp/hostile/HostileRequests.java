package org.saferwayout.agency.testapp.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Renders a {@link HostileInput} as a request to one {@link ApiOperation}: the baseline, mutated by class. */
public final class HostileRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> TRAVERSALS = List.of("../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd",
            "%2e%2e%2f%2e%2e%2fapi%2fcases", "..\\..\\..\\windows\\win.ini", "....//....//", "%252e%252e%252f",
            "..;/..;/", "%c0%ae%c0%ae%c0%af", "%ef%bc%8f", "%2F", "%5C", ".", "..", "%2e", "%00", "~root",
            "%u2215", "..%00/", "/api/cases", "%0d%0aSet-Cookie:%20a=b", "a%2F..%2F..%2Factuator%2Fenv");
    static final List<String> MONGO_OPERATORS = List.of("{\"$ne\":null}", "{\"$where\":\"sleep(1000) || true\"}",
            "{\"$gt\":\"\"}", "{\"$regex\":\".*\"}", "{\"$in\":[null,\"\",1]}", "{\"$exists\":true}",
            "{\"$expr\":{\"$eq\":[1,1]}}", "{\"$function\":{\"body\":\"function(){return true}\",\"args\":[],\"lang\":\"js\"}}");
    static final List<String> WRONG_VALUES = List.of("12345", "-1", "0", "1e308", "1e400", "3.14", "true", "false",
            "null", "[]", "[1,2]", "{}", "{\"a\":1}", "\"text\"", "99999999999999999999999", "-9223372036854775809",
            "\"\"", "NaN");
    static final List<String> MALFORMED = List.of("{", "{\"a\":", "[", "}{", "{'a':1}", "{\"a\":1,}", "nul",
            "\u0000\u0001\u0002", "{\"a\":\"\\ud800\"}", "<?xml version=\"1.0\"?><a/>", "a=1&b=2", "\"unterminated",
            "{\"a\":01}", "{\"a\":.5}", "{\"a\" 1}", "/* comment */ {}", "{\"a\":1}//", "\ufeff{}");
    static final List<String> MEDIA_TYPES = List.of("text/plain", "application/xml", "text/html",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=ebcdic",
            "application/*", "*/*", "application/json;;;", "json", "application/problem+json",
            "application/octet-stream");
    /** Not Host: MockMvc cannot take a malformed one (Tomcat refuses those itself; TomcatHostileInputTest). */
    static final List<String> INJECTED_HEADERS = List.of("X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Prefix", "Forwarded", "Accept-Language", "X-HTTP-Method-Override", "Origin",
            "Referer", "User-Agent", "Cookie", "X-Request-Id", "traceparent", "Last-Event-ID", "If-None-Match",
            "Content-Encoding", "Transfer-Encoding", "Range", "Accept-Charset");

    private HostileRequests() {
    }

    public static HostileRequest render(ApiOperation operation, HostileInput input) {
        return new Rendering(operation, input).render();
    }

    private static final class Rendering {

        private final ApiOperation operation;
        private final HostileInput input;
        private final Map<String, String> pathValues = new LinkedHashMap<>();
        private final List<Map.Entry<String, String>> query = new ArrayList<>();
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private JsonNode body;
        private String rawBody;
        private String contentType;
        private boolean undeclaredLength;
        private String suffix = "";

        Rendering(ApiOperation operation, HostileInput input) {
            this.operation = operation;
            this.input = input;
            for (String name : operation.pathParameters()) {
                pathValues.put(name, baselinePathValue(name));
            }
            for (ApiOperation.Parameter parameter : operation.queryParameters()) {
                if (parameter.required()) {
                    query.add(Map.entry(parameter.name(), ApiOperations.baseline(parameter)));
                }
            }
            this.body = operation.baselineBody() == null ? null : operation.baselineBody().deepCopy();
            this.contentType = operation.contentType();
            headers.add(Map.entry("Accept", operation.accept()));
        }

        private String baselinePathValue(String name) {
            return switch (name) {
                case "action" -> "ACCEPT";
                case "group" -> "liveness";
                case "sequence" -> "1";
                default -> UUID.randomUUID().toString();
            };
        }

        private <T> T pick(List<T> values) {
            return values.get(input.variant() % values.size());
        }

        /** The places an input can land: each path parameter, query parameter, header parameter and body value. */
        private List<Consumer<String>> targets() {
            List<Consumer<String>> targets = new ArrayList<>();
            for (String name : operation.pathParameters()) {
                targets.add(value -> pathValues.put(name, encodeSegment(unquoted(value))));
            }
            for (ApiOperation.Parameter parameter : operation.queryParameters()) {
                targets.add(value -> setQuery(parameter.name(), unquoted(value)));
            }
            for (ApiOperation.Parameter parameter : operation.headerParameters()) {
                targets.add(value -> headers.add(Map.entry(parameter.name(), unquoted(value))));
            }
            if (body != null) {
                for (Slot slot : slots(body)) {
                    targets.add(value -> slot.set(parseOrText(value)));
                }
                targets.add(value -> body = parseOrText(value));
            }
            if (targets.isEmpty()) {
                // Nothing declared: the input goes where an undeclared one would, a query parameter.
                targets.add(value -> query.add(Map.entry("q", unquoted(value))));
            }
            return targets;
        }

        /** Replaces the parameter's baseline value, if it has one. */
        private void setQuery(String name, String value) {
            query.removeIf(parameter -> parameter.getKey().equals(name));
            query.add(Map.entry(name, value));
        }

        private void landOnTarget(String value) {
            List<Consumer<String>> targets = targets();
            targets.get(input.target() % targets.size()).accept(value);
        }

        HostileRequest render() {
            String text = input.text();
            switch (input.kind()) {
                case OVERSIZED_JSON -> {
                    String padding = "x".repeat(64 * 1024 + input.size());
                    ObjectNode padded = body instanceof ObjectNode object ? object : NODES.objectNode();
                    padded.put("padding" + HostileInputs.CANARY, padding);
                    body = padded;
                    contentType = contentType == null ? "application/json" : contentType;
                    undeclaredLength = input.variant() % 2 == 0;
                }
                case DEEPLY_NESTED_JSON -> {
                    int depth = 200 + input.size();
                    boolean arrays = input.variant() % 2 == 0;
                    String nested = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
                    if (input.variant() % 3 == 0 || body == null) {
                        rawBody = nested;
                    } else {
                        landOnTarget(nested);
                    }
                    contentType = contentType == null ? "application/json" : contentType;
                }
                case WRONG_TYPES -> landOnTarget(pick(WRONG_VALUES));
                case UNKNOWN_ENUM_VALUES -> landOnTarget(pick(List.of(
                        "\"" + jsonEscape(text) + "\"", "\"accept\"", "\"ACCEPT \"", "\"UNKNOWN_" + input.size() + "\"",
                        "\"\"", "\"ＡＣＣＥＰＴ\"", "\"" + "A".repeat(input.size()) + "\"")));
                case MONGO_OPERATOR_INJECTION -> {
                    String operator = pick(MONGO_OPERATORS);
                    if (input.variant() % 4 == 0) {
                        // As a query-parameter name, the way some frameworks turn into an operator object.
                        query.add(Map.entry(firstQueryName() + "[$ne]", text));
                        query.add(Map.entry("$where", "sleep(1000)"));
                    } else if (input.variant() % 4 == 1 && body instanceof ObjectNode object) {
                        object.set("$where", NODES.textNode("this.survivorRef != '" + text + "'"));
                    } else {
                        landOnTarget(operator);
                    }
                }
                case PATH_TRAVERSAL -> {
                    String traversal = pick(TRAVERSALS);
                    if (operation.pathParameters().isEmpty() || input.variant() % 5 == 0) {
                        suffix = "/" + traversal;
                    } else {
                        String name = operation.pathParameters().get(input.target() % operation.pathParameters().size());
                        pathValues.put(name, traversal + (input.variant() % 2 == 0 ? encodeSegment(text) : ""));
                    }
                }
                case HEADER_INJECTION -> {
                    String name = pick(INJECTED_HEADERS);
                    String value = switch (input.size() % 4) {
                        case 0 -> text;
                        case 1 -> "evil.example\r\nX-Injected: " + text;
                        case 2 -> "https, " + text;
                        default -> text.repeat(1 + input.size() % 50);
                    };
                    headers.add(Map.entry(name, value));
                    for (ApiOperation.Parameter declared : operation.headerParameters()) {
                        headers.add(Map.entry(declared.name(), text));
                    }
                }
                case MALFORMED_JSON -> {
                    rawBody = pick(MALFORMED) + (input.size() % 2 == 0 ? text : "");
                    contentType = contentType == null ? "application/json" : contentType;
                }
                case DUPLICATE_KEYS -> {
                    String json = body == null ? "{}" : body.toString();
                    String field = body != null && body.fieldNames().hasNext() ? body.fieldNames().next() : "survivorRef";
                    String duplicated = "\"" + field + "\":\"" + jsonEscape(text) + "\"";
                    rawBody = json.equals("{}") || !json.startsWith("{")
                            ? "{" + duplicated + "," + duplicated + "}"
                            : "{" + duplicated + "," + json.substring(1, json.length() - 1) + "," + duplicated + "}";
                    contentType = contentType == null ? "application/json" : contentType;
                }
                case HOSTILE_QUERY_PARAMETERS -> {
                    List<String> values = List.of("-1", "0", "2147483648", "-9223372036854775809", "1e3", "NaN", "",
                            " ", "1,2", text, "9".repeat(input.size() % 400 + 1));
                    for (ApiOperation.Parameter parameter : operation.queryParameters()) {
                        setQuery(parameter.name(), pick(values));
                        if (input.size() % 3 == 0) {
                            query.add(Map.entry(parameter.name(), text));
                        }
                    }
                    query.add(Map.entry(text.length() > 40 ? text.substring(0, 40) : text, text));
                }
                case HOSTILE_STRINGS -> landOnTarget("\"" + jsonEscape(text) + "\"");
                case WRONG_MEDIA_TYPES -> {
                    if (input.size() % 2 == 0) {
                        contentType = pick(MEDIA_TYPES);
                        rawBody = body == null ? text : body.toString();
                    } else {
                        headers.set(0, Map.entry("Accept", pick(MEDIA_TYPES)));
                    }
                }
            }
            return new HostileRequest(operation.method(), uri(), List.copyOf(headers), bodyBytes(), contentType,
                    undeclaredLength);
        }

        private String firstQueryName() {
            return operation.queryParameters().isEmpty() ? "survivorRef" : operation.queryParameters().get(0).name();
        }

        private byte[] bodyBytes() {
            if (rawBody != null) {
                return rawBody.getBytes(StandardCharsets.UTF_8);
            }
            if (body == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                JSON.writeValue(out, body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return out.toByteArray();
        }

        private String uri() {
            String path = operation.pathTemplate();
            for (Map.Entry<String, String> value : pathValues.entrySet()) {
                path = path.replace("{" + value.getKey() + "}", value.getValue());
            }
            StringBuilder uri = new StringBuilder(lenient(path + suffix));
            char separator = '?';
            for (Map.Entry<String, String> parameter : query) {
                uri.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
            return uri.toString();
        }
    }

    /** A value as JSON if it parses, else as a JSON string. */
    private static JsonNode parseOrText(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception notJson) {
            return NODES.textNode(value);
        }
    }

    /** A JSON string literal as its text; anything else as written. */
    private static String unquoted(String value) {
        JsonNode parsed = value.startsWith("\"") ? parseOrText(value) : null;
        return parsed != null && parsed.isTextual() ? parsed.asText() : value;
    }

    private static String encodeSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-encodes what a URI cannot carry, keeping any encoding the input already has (hostile or not). */
    static String lenient(String path) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if (escape || (b > 0x20 && b < 0x7f && "\"<>\\^`{|}% #?[]".indexOf(b) < 0)) {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b));
            }
        }
        return out.toString();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static String jsonEscape(String text) {
        String quoted = NODES.textNode(text).toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    /** Every value inside a document, each with a way to replace it. */
    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        return slots;
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            Iterator<String> names = object.fieldNames();
            List<String> fields = new ArrayList<>();
            names.forEachRemaining(fields::add);
            for (String field : fields) {
                slots.add(value -> object.set(field, value));
                collect(object.get(field), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                slots.add(value -> array.set(index, value));
                collect(array.get(i), slots);
            }
        }
    }

    private interface Slot {
        void set(JsonNode value);
    }
}
