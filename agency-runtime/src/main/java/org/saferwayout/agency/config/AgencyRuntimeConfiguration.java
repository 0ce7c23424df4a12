package org.saferwayout.agency.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.saferwayout.agency.security.SecurityProperties;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/** What every agency service shares: its configuration properties, its clock and its API description. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AgencyProperties.class, ExchangeProperties.class, ReadModelProperties.class,
        RequestLimitsProperties.class, SecurityProperties.class})
public class AgencyRuntimeConfiguration {

    /** The network's day: the Alberta agencies' own (dates people enter and read, in the portal and the API). */
    public static final ZoneId NETWORK_TIME = ZoneId.of("America/Edmonton");

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Date rules ({@code @Past}, {@code @PastOrPresent}, {@code @Future}) on this service's clock in the
     * network's day, not the host's zone: on a UTC host "today" would turn into tomorrow at 17:00 in Edmonton.
     */
    @Bean
    public ValidationConfigurationCustomizer networkDayForDateRules(Clock clock) {
        return configuration -> configuration.clockProvider(() -> clock.withZone(NETWORK_TIME));
    }

    @Bean
    public OpenAPI agencyApi(AgencyProperties agency) {
        // The server is this one, as "/": never built from the request's Host or X-Forwarded-* headers.
        return new OpenAPI()
                .servers(List.of(new Server().url("/")))
                .info(new Info().title("Safer Way Out network: " + agency.id().code() + " service").version("1"))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
    }
}
