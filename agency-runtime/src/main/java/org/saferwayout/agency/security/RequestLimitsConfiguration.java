package org.saferwayout.agency.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.saferwayout.agency.config.RequestLimitsProperties;
import org.saferwayout.agency.web.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The per-client rate limit shared by every security chain (one set of buckets, so a client cannot double its
 * allowance by spreading over chains), the per-address limit on refused credentials for the API chain, and the
 * answer to requests Spring Security's firewall refuses.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLimitsConfiguration {

    static final String REJECTED = "The request's URL or headers are not acceptable.";

    @Bean
    public ClientRateLimitFilter clientRateLimitFilter(RequestLimitsProperties limits, ObjectMapper objectMapper,
                                                       ObjectProvider<RateLimitClock> clock) {
        return new ClientRateLimitFilter(new ClientRateLimits(limits.rate(), clockOf(clock)), objectMapper);
    }

    /** Only security chains run it ({@link ClientRateLimitFilter#addTo}); the servlet container must not. */
    @Bean
    public FilterRegistrationBean<ClientRateLimitFilter> clientRateLimitFilterOnlyInChains(
            ClientRateLimitFilter filter) {
        FilterRegistrationBean<ClientRateLimitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    public RefusedCredentialsLimitFilter refusedCredentialsLimitFilter(RequestLimitsProperties limits,
                                                                       ObjectMapper objectMapper,
                                                                       ObjectProvider<RateLimitClock> clock) {
        ClientRateLimits perAddress = new ClientRateLimits(limits.refusedCredentials().asRate(limits.rate()),
                clockOf(clock));
        return new RefusedCredentialsLimitFilter(perAddress, objectMapper);
    }

    /** Only the API chain runs it ({@link RefusedCredentialsLimitFilter#addTo}). */
    @Bean
    public FilterRegistrationBean<RefusedCredentialsLimitFilter> refusedCredentialsLimitFilterOnlyInTheApiChain(
            RefusedCredentialsLimitFilter filter) {
        FilterRegistrationBean<RefusedCredentialsLimitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    private static RateLimitClock clockOf(ObjectProvider<RateLimitClock> clock) {
        return clock.getIfAvailable(() -> RateLimitClock.SYSTEM);
    }

    /** Paths such as {@code //}, {@code %2e} or {@code ;}: 400 problem+json rather than an exception (a 500). */
    @Bean
    public RequestRejectedHandler problemForRejectedRequests(ObjectMapper objectMapper) {
        ProblemResponses problems = new ProblemResponses(objectMapper);
        return (request, response, rejected) -> problems.write(response, HttpStatus.BAD_REQUEST, REJECTED);
    }
}
