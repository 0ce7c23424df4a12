package org.saferwayout.reach.directory;

import org.saferwayout.agency.directory.DirectoryEntries;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.events.SupportService;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The network directory rendered as HSDS 3.0. Lists carry the one-to-one fields; a single record is nested.
 *
 * <p>A confidential location (a shelter) is rendered by {@link #confidential} alone, which builds it from its
 * id, its organization and its city and copies nothing else: whatever the directory file records about it
 * (name, address, coordinates, directions) cannot reach a response by a field added later elsewhere.
 */
@Component
class HsdsDirectory {

    private static final String NETWORK_TAXONOMY = "Safer Way Out network: kinds of support";

    private final NetworkDirectory directory;

    HsdsDirectory(NetworkDirectory directory) {
        this.directory = directory;
    }

    List<Hsds.Service> services(Optional<String> organizationId) {
        return directory.entries().services().stream()
                .filter(service -> organizationId.map(service.organizationId()::equals).orElse(true))
                .map(this::serviceRow).toList();
    }

    Optional<Hsds.Service> service(String id) {
        return directory.serviceEntry(id).map(service -> {
            Hsds.Service row = serviceRow(service);
            return new Hsds.Service(row.id(), row.organizationId(), row.name(), row.alternateName(),
                    row.description(), row.url(), row.email(), row.status(), row.applicationProcess(),
                    row.eligibilityDescription(),
                    directory.organization(service.organizationId()).map(this::organizationRow).orElseThrow(),
                    directory.serviceAtLocationsOf(service.id()).stream().map(this::serviceAtLocationNested).toList(),
                    List.of(kindOf(service)));
        });
    }

    List<Hsds.Organization> organizations() {
        return directory.entries().organizations().stream().map(this::organizationRow).toList();
    }

    Optional<Hsds.Organization> organization(String id) {
        return directory.organization(id).map(organization -> {
            Hsds.Organization row = organizationRow(organization);
            List<Hsds.Location> locations = directory.entries().locations().stream()
                    .filter(location -> location.organizationId().equals(organization.id()))
                    .map(this::location).toList();
            return new Hsds.Organization(row.id(), row.name(), row.alternateName(), row.description(), row.email(),
                    row.website(), locations);
        });
    }

    List<Hsds.ServiceAtLocation> serviceAtLocations() {
        return directory.entries().serviceAtLocations().stream().map(this::serviceAtLocationRow).toList();
    }

    Optional<Hsds.ServiceAtLocation> serviceAtLocation(String id) {
        return directory.serviceAtLocation(id).map(this::serviceAtLocationNested);
    }

    Optional<Hsds.Location> location(String id) {
        return directory.location(id).map(this::location);
    }

    private Hsds.Service serviceRow(DirectoryEntries.Service service) {
        return new Hsds.Service(service.id(), service.organizationId(), service.name(), service.alternateName(),
                service.description(), service.url(), service.email(), service.status(),
                service.applicationProcess(), service.eligibilityDescription(), null, null, null);
    }

    private Hsds.Organization organizationRow(DirectoryEntries.Organization organization) {
        return new Hsds.Organization(organization.id(), organization.name(), organization.alternateName(),
                organization.description(), organization.email(), organization.website(), null);
    }

    private Hsds.ServiceAtLocation serviceAtLocationRow(DirectoryEntries.ServiceAtLocation link) {
        return new Hsds.ServiceAtLocation(link.id(), link.serviceId(), link.locationId(), link.description(), null);
    }

    private Hsds.ServiceAtLocation serviceAtLocationNested(DirectoryEntries.ServiceAtLocation link) {
        return new Hsds.ServiceAtLocation(link.id(), link.serviceId(), link.locationId(), link.description(),
                directory.location(link.locationId()).map(this::location).orElseThrow());
    }

    /** The one way a location is rendered: in full, or at city level when it is confidential. */
    private Hsds.Location location(DirectoryEntries.Location location) {
        if (location.confidential()) {
            return confidential(location);
        }
        List<Hsds.Address> addresses = directory.addressesAt(location.id()).stream()
                .map(address -> new Hsds.Address(address.id(), address.locationId(), address.attention(),
                        address.address1(), address.address2(), address.city(), address.region(),
                        address.stateProvince(), address.postalCode(), address.country(), address.addressType()))
                .toList();
        return new Hsds.Location(location.id(), location.locationType(), location.organizationId(), location.name(),
                location.description(), location.transportation(), location.latitude(), location.longitude(),
                addresses);
    }

    private Hsds.Location confidential(DirectoryEntries.Location location) {
        String city = directory.cityOf(location.id());
        return new Hsds.Location(location.id(), "physical", location.organizationId(), "Confidential location",
                city + ": the address is confidential; the providing agency gives it to the survivor directly.",
                null, null, null, null);
    }

    private Hsds.Attribute kindOf(DirectoryEntries.Service service) {
        SupportService kind = service.supportService();
        Hsds.TaxonomyTerm term = new Hsds.TaxonomyTerm(stableId("taxonomy_term:" + kind.name()), kind.name(),
                label(kind), "A service of the Safer Way Out network that provides " + label(kind).toLowerCase(Locale.ROOT)
                + ".", NETWORK_TAXONOMY);
        return new Hsds.Attribute(stableId("attribute:" + service.id() + ":" + kind.name()), service.id(),
                "service_type", "service", term.id(), term);
    }

    private static String label(SupportService kind) {
        return switch (kind) {
            case SAFE_LODGING -> "Safe lodging";
            case MENTAL_HEALTH_RESOURCES -> "Mental-health resources";
            case COURT_SUPPORT -> "Court support";
            case EMOTIONAL_SUPPORT -> "Emotional support";
            case EXIT_SUPPORT -> "Exit support";
        };
    }

    /** HSDS ids are UUIDs; these rows are derived, so their ids are derived too and never change. */
    private static String stableId(String name) {
        return UUID.nameUUIDFromBytes(("swo-directory:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
