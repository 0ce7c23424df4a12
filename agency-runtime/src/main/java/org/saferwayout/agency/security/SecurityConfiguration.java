package org.saferwayout.agency.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.directory.DirectoryApiPaths;
import org.saferwayout.agency.directory.DirectoryProperties;
import org.saferwayout.agency.web.ProblemResponses;
import org.saferwayout.events.AgencyId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deny by default. Health, metrics and the OpenAPI document are open (they carry no personal data);
 * everything under {@code /api} needs a bearer token from a trusted issuer whose {@code agency} claim is
 * this service's agency, then a role checked on each endpoint. The service that serves the network directory
 * ({@code swo.directory.serve}, REACH) also lets a token of any network agency read it. Every refusal is
 * problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {

    @Bean
    public SecurityFilterChain apiSecurity(HttpSecurity http, AgencyProperties agency, SecurityProperties security,
                                           DirectoryProperties directory, ObjectMapper objectMapper,
                                           ClientRateLimitFilter rateLimit,
                                           RefusedCredentialsLimitFilter refusedCredentialsLimit) throws Exception {
        ProblemResponses problems = new ProblemResponses(objectMapper);
        rateLimit.addTo(http);
        refusedCredentialsLimit.addTo(http);
        http
                .csrf(csrf -> csrf.disable()) // stateless bearer-token API: no cookies to ride on
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**").permitAll();
                    if (directory.serve()) {
                        // The directory belongs to the whole network: staff and systems of every agency read it.
                        requests.requestMatchers(HttpMethod.GET, DirectoryApiPaths.ALL).hasAnyAuthority(everyAgency());
                    }
                    requests.requestMatchers("/api/**")
                            .hasAuthority(AgencyTokenConverter.AGENCY_AUTHORITY_PREFIX + agency.id().code())
                            .anyRequest().denyAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(trustedIssuers(security))
                        .authenticationEntryPoint((request, response, e) ->
                                problems.write(response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "Not permitted for this agency or role.")))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) ->
                                problems.write(response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "Not permitted for this agency or role.")));
        return http.build();
    }

    private static String[] everyAgency() {
        return Arrays.stream(AgencyId.values())
                .map(agency -> AgencyTokenConverter.AGENCY_AUTHORITY_PREFIX + agency.code())
                .toArray(String[]::new);
    }

    /** One authentication manager per trusted issuer, built on first use so start-up needs no provider. */
    private static JwtIssuerAuthenticationManagerResolver trustedIssuers(SecurityProperties security) {
        Set<String> trusted = Set.copyOf(security.trustedIssuers());
        Map<String, AuthenticationManager> managers = new ConcurrentHashMap<>();
        AgencyTokenConverter converter = new AgencyTokenConverter();
        return new JwtIssuerAuthenticationManagerResolver(issuer -> {
            if (!trusted.contains(issuer)) {
                return null;
            }
            return managers.computeIfAbsent(issuer, trustedIssuer -> {
                JwtDecoder decoder = lazyDecoder(trustedIssuer);
                JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
                provider.setJwtAuthenticationConverter(converter);
                return provider::authenticate;
            });
        });
    }

    /** The provider's keys and algorithms from its discovery document; issuer, time and token type checked. */
    private static JwtDecoder accessTokenDecoder(String issuer) {
        NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer), new AccessTokensOnly()));
        return decoder;
    }

    private static JwtDecoder lazyDecoder(String issuer) {
        Map<String, JwtDecoder> resolved = new ConcurrentHashMap<>(1);
        return token -> {
            JwtDecoder decoder;
            try {
                decoder = resolved.computeIfAbsent(issuer, SecurityConfiguration::accessTokenDecoder);
            } catch (RuntimeException unreachable) {
                throw new AuthenticationServiceException("identity provider unreachable");
            }
            return decoder.decode(token);
        };
    }
}
