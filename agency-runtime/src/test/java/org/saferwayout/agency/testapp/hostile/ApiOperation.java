package org.saferwayout.agency.testapp.hostile;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One operation of a service's public API, as its OpenAPI document describes it (plus the open actuator
 * endpoints, which the document leaves out), with a baseline request that is well formed as far as the
 * document can tell: hostile inputs are mutations of it.
 *
 * @param baselineBody the request body built from the schema, or null when the operation takes none
 */
public record ApiOperation(String method, String pathTemplate, List<String> pathParameters,
                           List<Parameter> queryParameters, List<Parameter> headerParameters,
                           JsonNode baselineBody, String contentType, String accept) {

    /** A declared parameter: its name, whether it is required, and its schema (for enums, types and formats). */
    public record Parameter(String name, boolean required, JsonNode schema) {
    }

    public String id() {
        return method + " " + pathTemplate;
    }

    public boolean readOnly() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
