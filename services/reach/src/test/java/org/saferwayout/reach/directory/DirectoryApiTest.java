package org.saferwayout.reach.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.saferwayout.agency.directory.DirectoryEntries;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.reach.testapp.ReachServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * REACH serves the network directory to every agency of the network: access, paging, refusals, and a
 * shelter's location never shown below city level.
 */
@ReachServiceTest
class DirectoryApiTest {

    private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

    @Autowired
    private MockMvc mvc;
    @Autowired
    private NetworkDirectory directory;
    @Autowired
    private ObjectMapper json;

    private MockHttpServletResponse asCease(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(Tokens.of("cease", "INTAKE_WORKER"))).andReturn().getResponse();
    }

    private JsonNode ok(MockHttpServletResponse response) throws Exception {
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(body).isEqualTo(200);
        return json.readTree(body);
    }

    private void assertProblem(MockHttpServletResponse response, int status) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(MediaType.parseMediaType(response.getContentType())
                .equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(json.readTree(response.getContentAsString()).path("status").asInt()).isEqualTo(status);
    }

    /** Every path the directory API serves, each record by its id. */
    private List<String> everyPath() {
        List<String> paths = new ArrayList<>(List.of("/services?per_page=500", "/organizations?per_page=500",
                "/service_at_locations?per_page=500"));
        DirectoryEntries entries = directory.entries();
        entries.services().forEach(service -> paths.add("/services/" + service.id()));
        entries.organizations().forEach(organization -> paths.add("/organizations/" + organization.id()));
        entries.serviceAtLocations().forEach(link -> paths.add("/service_at_locations/" + link.id()));
        entries.locations().forEach(location -> paths.add("/locations/" + location.id()));
        return paths;
    }

    @Test
    void staffAndSystemsOfEveryAgencyReadTheDirectory() throws Exception {
        for (String agency : List.of("alert", "cease", "catholic-social-services", "reach")) {
            for (String role : List.of("INTAKE_WORKER", "AGENCY_SYSTEM", "AUDITOR")) {
                MockHttpServletResponse response = mvc.perform(get("/services")
                        .with(Tokens.of(agency, role))).andReturn().getResponse();
                assertThat(response.getStatus()).as("%s %s", agency, role).isEqualTo(200);
            }
        }
        for (String path : everyPath()) {
            assertThat(asCease(get(path)).getStatus()).as(path).isEqualTo(200);
        }
    }

    @Test
    void withoutATokenTheDirectoryAnswers401() throws Exception {
        assertProblem(mvc.perform(get("/services")).andReturn().getResponse(), 401);
        assertProblem(mvc.perform(get("/organizations/{id}", directory.entries().organizations().get(0).id()))
                .andReturn().getResponse(), 401);
    }

    @Test
    void aTokenOfNoNetworkAgencyIsRefused() throws Exception {
        assertProblem(mvc.perform(get("/services").with(Tokens.of("not-in-the-network", "SUPERVISOR")))
                .andReturn().getResponse(), 403);
    }

    @Test
    void theDirectoryIsReadOnlyAndNothingElseOutsideApiIsOpened() throws Exception {
        assertThat(asCease(post("/services").contentType(MediaType.APPLICATION_JSON).content("{}")).getStatus())
                .isEqualTo(403);
        assertThat(asCease(get("/taxonomies")).getStatus()).isEqualTo(403);
        assertThat(asCease(get("/locations")).getStatus()).isEqualTo(403);
        // Another agency reaches REACH's directory, not REACH's own API.
        assertThat(asCease(get("/api/reports/outcomes?from=2026-01-01&to=2026-01-31")).getStatus()).isEqualTo(403);
    }

    @Test
    void servicesArePagedWithTheHsdsEnvelope() throws Exception {
        int total = directory.entries().services().size();
        assertThat(total).as("the test needs more than two pages").isGreaterThan(6);

        JsonNode first = ok(asCease(get("/services").param("per_page", "3")));
        assertThat(first.path("total_items").asInt()).isEqualTo(total);
        assertThat(first.path("total_pages").asInt()).isEqualTo((total + 2) / 3);
        assertThat(first.path("page_number").asInt()).isEqualTo(1);
        assertThat(first.path("size").asInt()).isEqualTo(3);
        assertThat(first.path("first_page").asBoolean()).isTrue();
        assertThat(first.path("last_page").asBoolean()).isFalse();
        assertThat(first.path("empty").asBoolean()).isFalse();
        assertThat(first.path("contents")).hasSize(3);

        int lastPage = (total + 2) / 3;
        JsonNode last = ok(asCease(get("/services").param("per_page", "3").param("page", String.valueOf(lastPage))));
        assertThat(last.path("page_number").asInt()).isEqualTo(lastPage);
        assertThat(last.path("size").asInt()).isEqualTo(total - 3 * (lastPage - 1));
        assertThat(last.path("first_page").asBoolean()).isFalse();
        assertThat(last.path("last_page").asBoolean()).isTrue();

        JsonNode beyond = ok(asCease(get("/services").param("per_page", "3").param("page", String.valueOf(lastPage + 1))));
        assertThat(beyond.path("empty").asBoolean()).isTrue();
        assertThat(beyond.path("size").asInt()).isZero();
        assertThat(beyond.path("contents")).isEmpty();

        List<String> ids = new ArrayList<>();
        for (int page = 1; page <= lastPage; page++) {
            ok(asCease(get("/services").param("per_page", "3").param("page", String.valueOf(page))))
                    .path("contents").forEach(service -> ids.add(service.path("id").asText()));
        }
        assertThat(ids).containsExactlyElementsOf(directory.entries().services().stream()
                .map(DirectoryEntries.Service::id).toList());
    }

    @Test
    void servicesCanBeListedForOneOrganization() throws Exception {
        DirectoryEntries.Organization cease = directory.entries().organizations().stream()
                .filter(organization -> organization.agency().code().equals("cease")).findFirst().orElseThrow();
        JsonNode page = ok(asCease(get("/services").param("organization_id", cease.id())));

        assertThat(page.path("total_items").asInt()).isEqualTo(3);
        page.path("contents").forEach(service -> assertThat(service.path("organization_id").asText()).isEqualTo(cease.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/services/", "/organizations/", "/service_at_locations/", "/locations/"})
    void anUnknownOrMalformedIdIs404WithoutEchoingIt(String collection) throws Exception {
        assertProblem(asCease(get(collection + UNKNOWN)), 404);
        MockHttpServletResponse malformed = asCease(get(collection + "MARKER-not-a-uuid"));
        assertProblem(malformed, 404);
        assertThat(malformed.getContentAsString()).doesNotContain("MARKER");
    }

    @ParameterizedTest
    @CsvSource({"page=0,page", "page=-1,page", "page=abc,page", "page=100001,page",
            "per_page=0,per_page", "per_page=501,per_page", "per_page=x,per_page"})
    void badPagingIs400NamingTheParameter(String query, String parameter) throws Exception {
        for (String collection : List.of("/services", "/organizations", "/service_at_locations")) {
            MockHttpServletResponse response = asCease(get(collection + "?" + query));
            assertProblem(response, 400);
            assertThat(json.readTree(response.getContentAsString()).path("invalidFields").toString())
                    .isEqualTo("[\"" + parameter + "\"]");
        }
    }

    /**
     * What the directory file records about a shelter's location (its name, directions, street address, postal
     * code, coordinates) appears in no response of the API, while its id and city do, and while the
     * published addresses of other locations are served (so the check would see an address if one leaked).
     */
    @Test
    void aConfidentialLocationIsNeverShownBelowCityLevel() throws Exception {
        List<DirectoryEntries.Location> shelters = directory.entries().locations().stream()
                .filter(DirectoryEntries.Location::confidential).toList();
        assertThat(shelters).as("the shipped directory has a confidential location").isNotEmpty();
        List<String> secrets = new ArrayList<>();
        for (DirectoryEntries.Location shelter : shelters) {
            Stream.of(shelter.name(), shelter.description(), shelter.transportation(),
                            shelter.latitude() == null ? null : shelter.latitude().toString(),
                            shelter.longitude() == null ? null : shelter.longitude().toString())
                    .filter(Objects::nonNull).forEach(secrets::add);
            directory.addressesAt(shelter.id()).forEach(address -> {
                Stream.of(address.address1(), address.address2(), address.postalCode(), address.id())
                        .filter(Objects::nonNull).forEach(secrets::add);
            });
        }
        assertThat(secrets).as("what there is to keep secret").hasSizeGreaterThanOrEqualTo(6);

        StringBuilder everything = new StringBuilder();
        for (String path : everyPath()) {
            String body = ok(asCease(get(path))).toString();
            everything.append(body);
            for (String secret : secrets) {
                assertThat(body).as("%s must not show %s", path, secret).doesNotContain(secret);
            }
        }

        DirectoryEntries.Location shelter = shelters.get(0);
        JsonNode shown = ok(asCease(get("/locations/{id}", shelter.id())));
        assertThat(shown.path("id").asText()).isEqualTo(shelter.id());
        assertThat(shown.path("description").asText()).startsWith(directory.cityOf(shelter.id()) + ":")
                .contains("confidential");
        assertThat(shown.has("addresses")).isFalse();
        assertThat(shown.has("latitude")).isFalse();
        assertThat(shown.has("longitude")).isFalse();
        assertThat(everything.toString()).contains(shelter.id());

        DirectoryEntries.Address published = directory.entries().addresses().stream()
                .filter(address -> !directory.location(address.locationId()).orElseThrow().confidential())
                .findFirst().orElseThrow();
        assertThat(everything.toString()).contains(published.address1(), published.postalCode());
    }
}
