package org.saferwayout.agency.directory;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SupportService;

import java.util.List;

/**
 * The directory file as written: Open Referral HSDS 3.0 tables and field names, plus three fields of the
 * network's own ({@link Organization#agency()}, {@link Service#supportService()},
 * {@link Location#confidential()}) that are never served. Only the HSDS fields the network uses are here;
 * an unknown field fails start-up rather than being silently dropped.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DirectoryEntries(
        String notice,
        List<Organization> organizations,
        List<Service> services,
        List<Location> locations,
        List<Address> addresses,
        List<ServiceAtLocation> serviceAtLocations) {

    public DirectoryEntries {
        organizations = copy(organizations);
        services = copy(services);
        locations = copy(locations);
        addresses = copy(addresses);
        serviceAtLocations = copy(serviceAtLocations);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Organization(String id, AgencyId agency, String name, String alternateName, String description,
                               String email, String website) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Service(String id, String organizationId, SupportService supportService, String name,
                          String alternateName, String description, String url, String email, String status,
                          String applicationProcess, String eligibilityDescription) {
    }

    /**
     * A {@code confidential} location (a shelter) is shown at city level only, whatever else it records. Every
     * location must say which it is: a shelter whose flag was forgotten must not default to published.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Location(String id, String organizationId, String locationType, String name, String description,
                           String transportation, Double latitude, Double longitude, Boolean confidential) {

        public Location {
            if (confidential == null) {
                throw new IllegalArgumentException("location " + id + " must say whether it is confidential");
            }
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Address(String id, String locationId, String attention,
                          @JsonProperty("address_1") String address1, @JsonProperty("address_2") String address2,
                          String city, String region, String stateProvince, String postalCode, String country,
                          String addressType) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ServiceAtLocation(String id, String serviceId, String locationId, String description) {
    }

    private static <T> List<T> copy(List<T> rows) {
        return rows == null ? List.of() : List.copyOf(rows);
    }
}
