package org.saferwayout.agency.directory;

import org.saferwayout.agency.domain.DomainRuleViolation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.saferwayout.agency.directory.DirectoryEntries.Address;
import org.saferwayout.agency.directory.DirectoryEntries.Location;
import org.saferwayout.agency.directory.DirectoryEntries.Organization;
import org.saferwayout.agency.directory.DirectoryEntries.Service;
import org.saferwayout.agency.directory.DirectoryEntries.ServiceAtLocation;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SupportService;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The network's service directory, shared by every agency service: referrals name one of its services, the
 * outcome report counts by its kinds and cities, and REACH serves it as Open Referral HSDS 3.0. It is read
 * once and refused whole if anything in it is inconsistent, because a referral to a service that does not
 * resolve, or to the wrong agency, would fail far from its cause.
 */
public final class NetworkDirectory {

    private static final Set<String> SERVICE_STATUSES = Set.of("active", "inactive", "defunct", "temporarily closed");
    private static final Set<String> LOCATION_TYPES = Set.of("physical", "postal", "virtual");

    private final DirectoryEntries entries;
    private final Map<String, Organization> organizations;
    private final Map<String, Service> serviceEntries;
    private final Map<String, Location> locations;
    private final Map<String, ServiceAtLocation> serviceAtLocations;
    private final Map<String, List<Address>> addressesByLocation;
    private final Map<String, List<ServiceAtLocation>> serviceAtLocationsByService;
    private final Map<String, DirectoryService> services;

    private NetworkDirectory(DirectoryEntries entries) {
        this.entries = entries;
        Set<String> ids = new HashSet<>();
        this.organizations = index("organization", entries.organizations(), Organization::id, ids);
        this.serviceEntries = index("service", entries.services(), Service::id, ids);
        this.locations = index("location", entries.locations(), Location::id, ids);
        index("address", entries.addresses(), Address::id, ids);
        this.serviceAtLocations = index("service_at_location", entries.serviceAtLocations(), ServiceAtLocation::id, ids);
        checkOrganizations();
        checkServices();
        checkLocations();
        this.addressesByLocation = addresses(entries.addresses());
        this.serviceAtLocationsByService = links(entries.serviceAtLocations());
        this.services = directoryServices();
    }

    public static NetworkDirectory load(Resource file) {
        try (InputStream in = file.getInputStream()) {
            return of(reader().readValue(in, DirectoryEntries.class));
        } catch (JsonProcessingException e) {
            // An unknown agency code or support kind, a misspelt field: the file is wrong, not unreadable.
            throw new InvalidDirectoryException(file.getDescription() + " does not parse: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("network directory " + file.getDescription() + " cannot be read", e);
        }
    }

    public static NetworkDirectory of(DirectoryEntries entries) {
        return new NetworkDirectory(entries);
    }

    private static ObjectMapper reader() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    // --- the network's view: one service, one agency, one kind, one city

    public List<DirectoryService> services() {
        return List.copyOf(services.values());
    }

    public Optional<DirectoryService> service(String id) {
        return Optional.ofNullable(id).map(services::get);
    }

    /** The services of one agency of one kind, in the order the directory lists them. */
    public List<DirectoryService> servicesOf(AgencyId agency, SupportService kind) {
        return services.values().stream()
                .filter(service -> service.agency() == agency && service.supportService() == kind)
                .toList();
    }

    /**
     * The directory service a referral targets: the one named, which must be the recipient's and of the
     * requested kind; otherwise the recipient's first listed service of that kind, if it lists one (null).
     */
    public String referralTarget(AgencyId recipient, SupportService kind, String directoryServiceId) {
        if (directoryServiceId == null) {
            return servicesOf(recipient, kind).stream().map(DirectoryService::id).findFirst().orElse(null);
        }
        DirectoryService named = service(directoryServiceId)
                .orElseThrow(() -> new DomainRuleViolation("unknown-directory-service",
                        "The network directory lists no such service."));
        if (named.agency() != recipient || named.supportService() != kind) {
            throw new DomainRuleViolation("directory-service-mismatch",
                    "That directory service is not the recipient agency's service of the requested kind.");
        }
        return named.id();
    }

    /** One of the agency's own services, as when it records one it delivered. */
    public DirectoryService serviceOf(AgencyId agency, String directoryServiceId) {
        return service(directoryServiceId).filter(listed -> listed.agency() == agency)
                .orElseThrow(() -> new DomainRuleViolation("unknown-directory-service",
                        "The network directory lists no such service of this agency."));
    }

    /** Every city in which the directory lists a service, in the order they first appear. */
    public List<String> cities() {
        return services.values().stream().map(DirectoryService::city).distinct().toList();
    }

    // --- the HSDS tables, for the directory API

    public DirectoryEntries entries() {
        return entries;
    }

    public Optional<Organization> organization(String id) {
        return Optional.ofNullable(id).map(organizations::get);
    }

    public Optional<Service> serviceEntry(String id) {
        return Optional.ofNullable(id).map(serviceEntries::get);
    }

    public Optional<Location> location(String id) {
        return Optional.ofNullable(id).map(locations::get);
    }

    public Optional<ServiceAtLocation> serviceAtLocation(String id) {
        return Optional.ofNullable(id).map(serviceAtLocations::get);
    }

    public List<Address> addressesAt(String locationId) {
        return addressesByLocation.getOrDefault(locationId, List.of());
    }

    public List<ServiceAtLocation> serviceAtLocationsOf(String serviceId) {
        return serviceAtLocationsByService.getOrDefault(serviceId, List.of());
    }

    /** The city of a location: every location has one, from its addresses. */
    public String cityOf(String locationId) {
        return addressesAt(locationId).get(0).city();
    }

    // --- checks, each failing start-up with the offending id (directory ids name no person)

    private static <T> Map<String, T> index(String table, Collection<T> rows, Function<T, String> id, Set<String> seen) {
        Map<String, T> byId = new LinkedHashMap<>();
        for (T row : rows) {
            String key = id.apply(row);
            require(RecordIds.ifWellFormed(key).isPresent(), table + " id must be a lower-case UUID (HSDS 3.0): " + key);
            require(seen.add(key), "duplicate id " + key + " in " + table + "s");
            byId.put(key, row);
        }
        return byId;
    }

    private void checkOrganizations() {
        Set<AgencyId> agencies = EnumSet.noneOf(AgencyId.class);
        for (Organization organization : organizations.values()) {
            require(organization.agency() != null, "organization " + organization.id() + " names no agency");
            require(agencies.add(organization.agency()),
                    "agency " + organization.agency().code() + " has more than one organization");
            require(present(organization.name()) && present(organization.description()),
                    "organization " + organization.id() + " needs a name and a description");
        }
    }

    private void checkServices() {
        for (Service service : serviceEntries.values()) {
            require(organizations.containsKey(service.organizationId()),
                    "service " + service.id() + " names an unknown organization");
            require(service.supportService() != null, "service " + service.id() + " names no support_service");
            require(present(service.name()), "service " + service.id() + " needs a name");
            require(SERVICE_STATUSES.contains(service.status()), "service " + service.id() + " has an unknown status");
        }
        for (ServiceAtLocation link : serviceAtLocations.values()) {
            require(serviceEntries.containsKey(link.serviceId()),
                    "service_at_location " + link.id() + " names an unknown service");
            require(locations.containsKey(link.locationId()),
                    "service_at_location " + link.id() + " names an unknown location");
        }
    }

    private void checkLocations() {
        for (Location location : locations.values()) {
            require(organizations.containsKey(location.organizationId()),
                    "location " + location.id() + " names an unknown organization");
            require(LOCATION_TYPES.contains(location.locationType()),
                    "location " + location.id() + " has an unknown location_type");
        }
        Map<String, Set<String>> citiesByLocation = new LinkedHashMap<>();
        for (Address address : entries.addresses()) {
            Location location = locations.get(address.locationId());
            require(location != null, "address " + address.id() + " names an unknown location");
            require(present(address.city()), "address " + address.id() + " needs a city");
            // A published address must be a complete HSDS address; a confidential one is never published.
            require(location.confidential() || (present(address.address1()) && present(address.stateProvince())
                            && present(address.postalCode()) && present(address.country())
                            && LOCATION_TYPES.contains(address.addressType())),
                    "address " + address.id() + " lacks a field HSDS 3.0 requires");
            citiesByLocation.computeIfAbsent(location.id(), id -> new HashSet<>()).add(address.city());
        }
        for (Location location : locations.values()) {
            Set<String> cities = citiesByLocation.getOrDefault(location.id(), Set.of());
            require(cities.size() == 1, "location " + location.id() + " needs addresses in exactly one city");
        }
    }

    private Map<String, List<Address>> addresses(List<Address> rows) {
        return rows.stream().collect(Collectors.groupingBy(Address::locationId, LinkedHashMap::new, Collectors.toList()));
    }

    private static Map<String, List<ServiceAtLocation>> links(List<ServiceAtLocation> rows) {
        return rows.stream().collect(Collectors.groupingBy(ServiceAtLocation::serviceId, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** Each service is offered in exactly one city, so that a referral or a count has one place to name. */
    private Map<String, DirectoryService> directoryServices() {
        Map<String, DirectoryService> byId = new LinkedHashMap<>();
        for (Service service : serviceEntries.values()) {
            List<Location> at = new ArrayList<>();
            serviceAtLocationsOf(service.id()).forEach(link -> at.add(locations.get(link.locationId())));
            Set<String> cities = at.stream().map(location -> cityOf(location.id())).collect(Collectors.toSet());
            require(cities.size() == 1, "service " + service.id() + " needs locations in exactly one city");
            byId.put(service.id(), new DirectoryService(service.id(), service.name(),
                    organizations.get(service.organizationId()).agency(), service.supportService(),
                    cities.iterator().next(), at.stream().anyMatch(Location::confidential)));
        }
        return byId;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidDirectoryException(problem);
        }
    }

    /** The directory file is inconsistent; the service does not start with it. */
    public static final class InvalidDirectoryException extends IllegalStateException {
        InvalidDirectoryException(String problem) {
            super("network directory: " + problem);
        }
    }
}
