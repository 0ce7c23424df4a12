package org.saferwayout.reach.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.saferwayout.agency.directory.DirectoryApiPaths;
import org.saferwayout.agency.domain.RecordIds;
import org.saferwayout.agency.web.NotFoundException;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;
import java.util.function.Function;

/**
 * The network's service directory as the Open Referral HSDS 3.0 API (paths, query parameters, Page envelope
 * and field names of its OpenAPI), read by every network agency. Access is granted in the security
 * configuration ({@code swo.directory.serve}); nothing here names a survivor.
 */
@RestController
@SecurityRequirement(name = "bearer")
@Validated
class DirectoryController {

    // Paging parameters are named in Java as HSDS names them in the query (per_page), so that a refusal
    // names the parameter the caller sent.
    private static final int MAX_PAGE = 100_000;
    private static final int MAX_PER_PAGE = 500;

    private final HsdsDirectory directory;

    DirectoryController(HsdsDirectory directory) {
        this.directory = directory;
    }

    @Operation(summary = "Services of the network directory (HSDS 3.0, paginated)")
    @GetMapping(DirectoryApiPaths.SERVICES)
    HsdsPage<Hsds.Service> services(@RequestParam(defaultValue = "1") @Min(1) @Max(MAX_PAGE) int page,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PER_PAGE) int per_page,
                                    @RequestParam(name = "organization_id", required = false) String organizationId) {
        return HsdsPage.of(directory.services(Optional.ofNullable(organizationId)), page, per_page);
    }

    @Operation(summary = "One service, fully nested (HSDS 3.0)")
    @GetMapping(DirectoryApiPaths.SERVICE)
    Hsds.Service service(@PathVariable String id) {
        return find(id, directory::service, "No such service in the network directory.");
    }

    @Operation(summary = "Organizations of the network directory (HSDS 3.0, paginated)")
    @GetMapping(DirectoryApiPaths.ORGANIZATIONS)
    HsdsPage<Hsds.Organization> organizations(@RequestParam(defaultValue = "1") @Min(1) @Max(MAX_PAGE) int page,
                                              @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PER_PAGE) int per_page) {
        return HsdsPage.of(directory.organizations(), page, per_page);
    }

    @Operation(summary = "One organization with its locations (HSDS 3.0)")
    @GetMapping(DirectoryApiPaths.ORGANIZATION)
    Hsds.Organization organization(@PathVariable String id) {
        return find(id, directory::organization, "No such organization in the network directory.");
    }

    @Operation(summary = "Services at locations of the network directory (HSDS 3.0, paginated)")
    @GetMapping(DirectoryApiPaths.SERVICE_AT_LOCATIONS)
    HsdsPage<Hsds.ServiceAtLocation> serviceAtLocations(
            @RequestParam(defaultValue = "1") @Min(1) @Max(MAX_PAGE) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PER_PAGE) int per_page) {
        return HsdsPage.of(directory.serviceAtLocations(), page, per_page);
    }

    @Operation(summary = "One service at a location, with the location (HSDS 3.0)")
    @GetMapping(DirectoryApiPaths.SERVICE_AT_LOCATION)
    Hsds.ServiceAtLocation serviceAtLocation(@PathVariable String id) {
        return find(id, directory::serviceAtLocation, "No such service_at_location in the network directory.");
    }

    @Operation(summary = "One location (HSDS 3.0); a confidential one at city level only")
    @GetMapping(DirectoryApiPaths.LOCATION)
    Hsds.Location location(@PathVariable String id) {
        return find(id, directory::location, "No such location in the network directory.");
    }

    /** Ids are UUIDs; anything else is not found, without being looked up or echoed. */
    private static <T> T find(String id, Function<String, Optional<T>> lookup, String notFound) {
        return RecordIds.ifWellFormed(id).flatMap(lookup).orElseThrow(() -> new NotFoundException(notFound));
    }
}
