package org.saferwayout.agency.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.saferwayout.agency.web.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Per-client rate limit (ADR 017): 429 problem+json with {@code Retry-After} once a client's bucket is
 * empty. It runs inside a security filter chain, after authentication and before authorization, so an
 * authenticated client is known by its token (issuer, subject, authorized party) and cannot shed its limit
 * by forging claims; anyone else is known by the remote address. Health probes are never limited.
 * Every chain adds it ({@link #addTo}, {@link #addToSessionChain}); it is not a servlet filter of its own.
 */
public final class ClientRateLimitFilter extends OncePerRequestFilter {

    static final String TOO_MANY = "Too many requests from this client; retry after the time given.";

    private final ClientRateLimits limits;
    private final ProblemResponses problems;

    public ClientRateLimitFilter(ClientRateLimits limits, ObjectMapper objectMapper) {
        this.limits = limits;
        this.problems = new ProblemResponses(objectMapper);
    }

    /** Adds this filter to a bearer-token chain: after every authentication filter, before authorization. */
    public HttpSecurity addTo(HttpSecurity http) {
        return http.addFilterBefore(this, AuthorizationFilter.class);
    }

    /**
     * Adds this filter to a session chain (the portal): right after the session's security context is loaded,
     * so a signed-in user is known by the session, and before sign-in, sign-out and the provider redirect,
     * which answer themselves without reaching authorization (each redirect also creates a session).
     */
    public HttpSecurity addToSessionChain(HttpSecurity http) {
        return http.addFilterAfter(this, SecurityContextHolderFilter.class);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return isHealthProbe(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OptionalLong retryAfter = limits.take(clientOf(request));
        if (retryAfter.isPresent()) {
            refuse(problems, response, retryAfter.getAsLong());
            return;
        }
        chain.doFilter(request, response);
    }

    /** The one 429 answer of every rate limit: problem+json and {@code Retry-After} in whole seconds. */
    static void refuse(ProblemResponses problems, HttpServletResponse response, long retryAfterSeconds)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        problems.write(response, HttpStatus.TOO_MANY_REQUESTS, TOO_MANY);
    }

    static boolean isHealthProbe(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    static String clientOf(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return "address " + request.getRemoteAddr();
        }
        if (authentication.getPrincipal() instanceof Jwt token) {
            return "token " + token.getIssuer() + " " + token.getSubject() + " " + token.getClaimAsString("azp");
        }
        return "principal " + authentication.getClass().getName() + " " + authentication.getName();
    }
}
