package org.saferwayout.reach.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The official Open Referral HSDS 3.0 JSON Schemas, read from {@code ../shared/standards/hsds-3.0/schema}
 * (the surefire property {@code hsds.schema.dir}; never copied into this repository). The files carry no
 * {@code $id} and refer to each other by relative name ({@code "$ref": "phone.json"}), so each is loaded
 * under the specification's own address and that address is served from the local files. Draft 2020-12
 * (the dialect of the HSDS OpenAPI) with format assertions on, so an id that is not a UUID fails too.
 */
final class HsdsSchemas {

    private static final String BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/";

    private final Path directory;
    private final SchemaRegistry registry;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, JsonNode> files = new ConcurrentHashMap<>();

    HsdsSchemas() {
        String configured = System.getProperty("hsds.schema.dir");
        if (configured == null) {
            throw new IllegalStateException("system property hsds.schema.dir is not set (see services/reach/pom.xml)");
        }
        this.directory = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(directory.resolve("service.json"))) {
            throw new IllegalStateException("HSDS 3.0 schemas not found in " + directory);
        }
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                .schemas(iri -> iri.startsWith(BASE) ? read(iri.substring(BASE.length())) : null));
    }

    /** Schema violations of an instance of the given HSDS file (e.g. {@code service.json}); empty when valid. */
    List<String> violations(String schemaFile, JsonNode instance) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + schemaFile));
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            problems.add(schemaFile + ": " + error);
        }
        problems.addAll(undefinedFields(schemaFile, instance, "$"));
        return problems;
    }

    /** The HSDS OpenAPI's {@code Page} envelope, exactly as its components define it. */
    List<String> pageViolations(JsonNode page) {
        JsonNode pageSchema = tree("openapi.json").path("components").path("schemas").path("Page");
        List<String> problems = new ArrayList<>();
        for (Error error : registry.getSchema(pageSchema).validate(page)) {
            problems.add("Page: " + error);
        }
        return problems;
    }

    /** The names of the Page envelope's fields in the HSDS OpenAPI. */
    List<String> pageFields() {
        List<String> names = new ArrayList<>();
        tree("openapi.json").path("components").path("schemas").path("Page").path("properties").fieldNames()
                .forEachRemaining(names::add);
        return names;
    }

    /**
     * The HSDS schemas allow any extra field, so validation alone would let a field of the network's own (an
     * agency code, a confidential flag) through: every field served must be one the specification defines.
     */
    private List<String> undefinedFields(String schemaFile, JsonNode instance, String path) {
        List<String> problems = new ArrayList<>();
        JsonNode properties = tree(schemaFile).path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = instance.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode definition = properties.path(field.getKey());
            if (definition.isMissingNode()) {
                problems.add(schemaFile + ": " + path + "." + field.getKey() + " is not an HSDS 3.0 field");
            } else if (definition.has("$ref")) {
                problems.addAll(undefinedFields(definition.get("$ref").asText(), field.getValue(),
                        path + "." + field.getKey()));
            } else if (definition.path("items").has("$ref")) {
                int i = 0;
                for (JsonNode item : field.getValue()) {
                    problems.addAll(undefinedFields(definition.path("items").get("$ref").asText(), item,
                            path + "." + field.getKey() + "[" + i++ + "]"));
                }
            }
        }
        return problems;
    }

    private JsonNode tree(String file) {
        return files.computeIfAbsent(file, name -> {
            try {
                return json.readTree(read(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private String read(String file) {
        try {
            return Files.readString(directory.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("HSDS schema " + file + " cannot be read", e);
        }
    }
}
