package org.saferwayout.agency.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every response carries (ADR 017), added only where the response has none of its own: a chain
 * that sets a stricter or different policy (the portal's content security policy, Spring Security's cache
 * control) keeps it. HSTS only over TLS, as the container sees it: a connection that is itself TLS, or one
 * from a trusted proxy that said {@code X-Forwarded-Proto: https} (Tomcat's RemoteIpValve, enabled with
 * {@code server.forward-headers-strategy=native}, decides which proxies are trusted).
 */
public final class SecurityHeaders {

    public static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

    private SecurityHeaders() {
    }

    public static void addMissing(HttpServletResponse response, boolean overTls) {
        addIfMissing(response, "X-Content-Type-Options", "nosniff");
        addIfMissing(response, "X-Frame-Options", "DENY");
        addIfMissing(response, "Referrer-Policy", "no-referrer");
        addIfMissing(response, "Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
        addIfMissing(response, "Cache-Control", "no-store");
        if (overTls) {
            addIfMissing(response, "Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }

    private static void addIfMissing(HttpServletResponse response, String name, String value) {
        if (!response.containsHeader(name)) {
            response.setHeader(name, value);
        }
    }
}
