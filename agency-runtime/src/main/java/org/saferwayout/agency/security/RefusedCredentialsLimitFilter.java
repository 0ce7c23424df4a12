package org.saferwayout.agency.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.saferwayout.agency.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Per-address limit on refused credentials (ADR 017): every request answered 401 takes one from its remote
 * address's bucket, and once that bucket is empty the address is answered 429 before its token is read. The
 * per-client limit ({@link ClientRateLimitFilter}) cannot see these requests: it runs after authentication,
 * which an expired, forged or guessed token never passes. Health probes are never limited.
 */
public final class RefusedCredentialsLimitFilter extends OncePerRequestFilter {

    private final ClientRateLimits limits;
    private final ProblemResponses problems;

    public RefusedCredentialsLimitFilter(ClientRateLimits limits, ObjectMapper objectMapper) {
        this.limits = limits;
        this.problems = new ProblemResponses(objectMapper);
    }

    /** Adds this filter to a bearer-token chain, before the token is read. */
    public HttpSecurity addTo(HttpSecurity http) {
        return http.addFilterBefore(this, BearerTokenAuthenticationFilter.class);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ClientRateLimitFilter.isHealthProbe(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = "address " + request.getRemoteAddr();
        OptionalLong retryAfter = limits.waitBeforeNext(address);
        if (retryAfter.isPresent()) {
            ClientRateLimitFilter.refuse(problems, response, retryAfter.getAsLong());
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            // Charged, not taken: requests sent in parallel all passed the look above and each must still count.
            limits.charge(address);
        }
    }
}
