package org.saferwayout.reach.directory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * The HSDS 3.0 objects as served, with the specification's field names. A null field is left out: HSDS
 * fields are optional, and its schemas allow no nulls. Nothing here is read from requests.
 */
final class Hsds {

    private Hsds() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Organization(String id, String name, String alternateName, String description, String email,
                        String website, List<Location> locations) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Service(String id, String organizationId, String name, String alternateName, String description,
                   String url, String email, String status, String applicationProcess,
                   String eligibilityDescription, Organization organization,
                   List<ServiceAtLocation> serviceAtLocations, List<Attribute> attributes) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServiceAtLocation(String id, String serviceId, String locationId, String description, Location location) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Location(String id, String locationType, String organizationId, String name, String description,
                    String transportation, Double latitude, Double longitude, List<Address> addresses) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Address(String id, String locationId, String attention,
                   @JsonProperty("address_1") String address1, @JsonProperty("address_2") String address2,
                   String city, String region, String stateProvince, String postalCode, String country,
                   String addressType) {
    }

    /** Links a service to the network's kind of support, as a term of the network's own taxonomy. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Attribute(String id, String linkId, String linkType, String linkEntity, String taxonomyTermId,
                     TaxonomyTerm taxonomyTerm) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TaxonomyTerm(String id, String code, String name, String description, String taxonomy) {
    }
}
