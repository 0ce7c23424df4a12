package org.saferwayout.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Embedded OIDC identity provider of the Safer Way Out network (demo/embedded mode).
 * Real deployments point the agency services at Keycloak by issuer URI instead, so everything
 * issued here is a plain standard JWT.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityProviderApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityProviderApplication.class, args);
    }
}
