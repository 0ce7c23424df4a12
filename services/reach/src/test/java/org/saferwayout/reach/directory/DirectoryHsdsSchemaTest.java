package org.saferwayout.reach.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.directory.DirectoryEntries;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.reach.testapp.ReachServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** Every response of the directory API is valid against the official HSDS 3.0 schemas, and uses only their fields. */
@ReachServiceTest
class DirectoryHsdsSchemaTest {

    private static HsdsSchemas hsds;

    @Autowired
    private MockMvc mvc;
    @Autowired
    private NetworkDirectory directory;
    @Autowired
    private ObjectMapper json;

    @BeforeAll
    static void loadSchemas() {
        hsds = new HsdsSchemas();
    }

    private JsonNode read(String path) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).with(Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR")))
                .andReturn().getResponse();
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(path + ": " + body).isEqualTo(200);
        return json.readTree(body);
    }

    /** A page is the HSDS Page envelope with exactly its fields plus contents, each item valid as the entity. */
    private void assertValidPage(String path, String entitySchema) throws Exception {
        JsonNode page = read(path);
        List<String> fields = new ArrayList<>();
        page.fieldNames().forEachRemaining(fields::add);
        List<String> expected = new ArrayList<>(hsds.pageFields());
        expected.add("contents");
        assertThat(fields).as(path).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(hsds.pageViolations(page)).as(path).isEmpty();
        assertThat(page.path("contents")).as(path).isNotEmpty();
        for (JsonNode item : page.path("contents")) {
            assertThat(hsds.violations(entitySchema, item)).as(path + " item " + item.path("id")).isEmpty();
        }
    }

    @Test
    void theSchemasCatchWhatIsNotHsds() {
        ObjectNode service = json.createObjectNode().put("id", "cease-exit-support").put("name", "Exit support")
                .put("status", "open");
        service.put("agency", "cease");

        assertThat(hsds.violations("service.json", service))
                .anyMatch(problem -> problem.contains("uuid"))
                .anyMatch(problem -> problem.contains("status"))
                .anyMatch(problem -> problem.contains("agency is not an HSDS 3.0 field"));
        assertThat(hsds.violations("service.json", json.createObjectNode().put("name", "No id")))
                .anyMatch(problem -> problem.contains("id"));
        assertThat(hsds.pageViolations(json.createObjectNode().put("total_items", "many"))).isNotEmpty();
    }

    @Test
    void listsAreValidHsdsPages() throws Exception {
        assertValidPage("/services", "service.json");
        assertValidPage("/organizations", "organization.json");
        assertValidPage("/service_at_locations", "service_at_location.json");
    }

    @Test
    void everyServiceIsValidFullyNested() throws Exception {
        for (DirectoryEntries.Service service : directory.entries().services()) {
            JsonNode served = read("/services/" + service.id());
            assertThat(hsds.violations("service.json", served)).as(service.id()).isEmpty();
            assertThat(served.path("organization").path("id").asText()).isEqualTo(service.organizationId());
            assertThat(served.path("service_at_locations")).isNotEmpty();
            served.path("service_at_locations").forEach(link ->
                    assertThat(link.path("location").path("id").asText()).isEqualTo(link.path("location_id").asText()));
            assertThat(served.path("attributes").get(0).path("taxonomy_term").path("code").asText())
                    .isEqualTo(service.supportService().name());
        }
    }

    @Test
    void everyOrganizationServiceAtLocationAndLocationIsValid() throws Exception {
        DirectoryEntries entries = directory.entries();
        for (DirectoryEntries.Organization organization : entries.organizations()) {
            assertThat(hsds.violations("organization.json", read("/organizations/" + organization.id())))
                    .as(organization.id()).isEmpty();
        }
        for (DirectoryEntries.ServiceAtLocation link : entries.serviceAtLocations()) {
            assertThat(hsds.violations("service_at_location.json", read("/service_at_locations/" + link.id())))
                    .as(link.id()).isEmpty();
        }
        for (DirectoryEntries.Location location : entries.locations()) {
            JsonNode served = read("/locations/" + location.id());
            assertThat(hsds.violations("location.json", served)).as(location.id()).isEmpty();
            for (Iterator<JsonNode> addresses = served.path("addresses").elements(); addresses.hasNext(); ) {
                assertThat(hsds.violations("address.json", addresses.next())).as(location.id()).isEmpty();
            }
        }
    }
}
