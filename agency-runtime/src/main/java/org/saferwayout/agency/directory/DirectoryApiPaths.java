package org.saferwayout.agency.directory;

/**
 * Where the HSDS 3.0 directory API answers (the HSDS OpenAPI's own paths, at the root), named once for the
 * service that serves it and for the security rule that opens them to every network agency.
 */
public final class DirectoryApiPaths {

    public static final String SERVICES = "/services";
    public static final String SERVICE = "/services/{id}";
    public static final String ORGANIZATIONS = "/organizations";
    public static final String ORGANIZATION = "/organizations/{id}";
    public static final String SERVICE_AT_LOCATIONS = "/service_at_locations";
    public static final String SERVICE_AT_LOCATION = "/service_at_locations/{id}";
    public static final String LOCATION = "/locations/{id}";

    /** The same paths as request-matcher patterns. */
    public static final String[] ALL = {SERVICES, "/services/*", ORGANIZATIONS, "/organizations/*",
            SERVICE_AT_LOCATIONS, "/service_at_locations/*", "/locations/*"};

    private DirectoryApiPaths() {
    }
}
