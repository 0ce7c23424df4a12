package org.saferwayout.agency.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.saferwayout.agency.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/** What every agency service shares: its configuration properties, its clock and its API description. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AgencyProperties.class, ExchangeProperties.class, ReadModelProperties.class,
        RequestLimitsProperties.class, SecurityProperties.class})
public class AgencyRuntimeConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
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
