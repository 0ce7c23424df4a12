package org.saferwayout.agency.testapp.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Every operation of a service's OpenAPI document, so an endpoint added later is fuzzed without being listed. */
public final class ApiOperations {

    /** Open to anyone and left out of the OpenAPI document: fuzzed as well. */
    private static final List<String> OPEN_ACTUATOR_PATHS = List.of("/actuator/health", "/actuator/health/{group}",
            "/actuator/info", "/actuator/prometheus", "/v3/api-docs");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ApiOperations() {
    }

    public static List<ApiOperation> from(JsonNode openApi) {
        List<ApiOperation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                operations.add(operation(openApi, path.getKey(), method.getKey().toUpperCase(Locale.ROOT),
                        method.getValue()));
            }
        }
        for (String open : OPEN_ACTUATOR_PATHS) {
            List<String> variables = open.contains("{group}") ? List.of("group") : List.of();
            operations.add(new ApiOperation("GET", open, variables, List.of(), List.of(), null, null, "*/*"));
        }
        operations.sort(Comparator.comparing(ApiOperation::id));
        return List.copyOf(operations);
    }

    private static ApiOperation operation(JsonNode openApi, String path, String method, JsonNode operation) {
        List<String> pathParameters = new ArrayList<>();
        List<ApiOperation.Parameter> query = new ArrayList<>();
        List<ApiOperation.Parameter> headers = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            ApiOperation.Parameter declared = new ApiOperation.Parameter(parameter.path("name").asText(),
                    parameter.path("required").asBoolean(false), resolve(openApi, parameter.path("schema")));
            switch (parameter.path("in").asText()) {
                case "path" -> pathParameters.add(declared.name());
                case "query" -> query.add(declared);
                case "header" -> headers.add(declared);
                default -> { }
            }
        }
        JsonNode body = null;
        String contentType = null;
        Iterator<Map.Entry<String, JsonNode>> content = operation.path("requestBody").path("content").fields();
        if (content.hasNext()) {
            Map.Entry<String, JsonNode> first = content.next();
            contentType = first.getKey();
            body = baseline(openApi, first.getValue().path("schema"), 0);
        }
        String accept = "*/*";
        for (JsonNode response : operation.path("responses")) {
            Iterator<String> types = response.path("content").fieldNames();
            if (types.hasNext()) {
                accept = types.next();
                break;
            }
        }
        return new ApiOperation(method, path, List.copyOf(pathParameters), List.copyOf(query), List.copyOf(headers),
                body, contentType, accept);
    }

    static JsonNode resolve(JsonNode openApi, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/")) {
            return resolve(openApi, openApi.at(ref.substring(1)));
        }
        return schema;
    }

    /** A value the schema allows, as far as type, enum, format and required properties tell. */
    /** A baseline value of a parameter, as it goes in a URL. */
    static String baseline(ApiOperation.Parameter parameter) {
        JsonNode value = baseline(parameter.schema(), parameter.schema(), 0);
        return value.isValueNode() ? value.asText() : value.toString();
    }

    static JsonNode baseline(JsonNode openApi, JsonNode declared, int depth) {
        JsonNode schema = resolve(openApi, declared);
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.path("oneOf").isArray() && !schema.path("oneOf").isEmpty()) {
            return baseline(openApi, schema.path("oneOf").get(0), depth);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                // Required properties only: the baseline should pass validation where the document can tell.
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    for (JsonNode required : schema.path("required")) {
                        JsonNode property = schema.path("properties").path(required.asText());
                        if (!property.isMissingNode()) {
                            object.set(required.asText(), baseline(openApi, property, depth + 1));
                        }
                    }
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 4 && schema.has("items")) {
                    array.add(baseline(openApi, schema.get("items"), depth + 1));
                }
                yield array;
            }
            case "integer", "number" -> NODES.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode(switch (schema.path("format").asText("")) {
                case "uuid" -> UUID.randomUUID().toString();
                case "date-time" -> "2026-01-01T00:00:00Z";
                case "date" -> "2026-01-01";
                case "uri", "url" -> "https://subscriber.example/hooks";
                default -> "baseline";
            });
        };
    }
}
