package org.saferwayout.agency.testapp;

import org.saferwayout.agency.security.AgencyTokenConverter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;

import java.time.Instant;
import java.util.List;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

/**
 * Bearer tokens for MockMvc whose authorities come from the runtime's own {@link AgencyTokenConverter}, so
 * the real mapping of the {@code agency} and {@code roles} claims is exercised.
 */
public final class Tokens {

    private Tokens() {
    }

    public static JwtRequestPostProcessor of(String agency, String... roles) {
        return forSubject("staff-" + agency, agency, roles);
    }

    public static JwtRequestPostProcessor forSubject(String subject, String agency, String... roles) {
        Jwt token = Jwt.withTokenValue("test-token")
                .header("alg", "RS256")
                .issuer("http://127.0.0.1:9000")
                .subject(subject)
                .claim(AgencyTokenConverter.AGENCY_CLAIM, agency)
                .claim(AgencyTokenConverter.ROLES_CLAIM, List.of(roles))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300))
                .build();
        return jwt().jwt(token).authorities(new AgencyTokenConverter().convert(token).getAuthorities());
    }
}
