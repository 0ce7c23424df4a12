package org.saferwayout.agency.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a principal's agency and roles from its token: {@code agency} and {@code roles} claims from the
 * embedded provider; Keycloak puts realm roles under {@code realm_access.roles}, read as well. The agency
 * becomes authority {@code AGENCY_<code>}, each role {@code ROLE_<name>}.
 */
public final class AgencyTokenConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    public static final String AGENCY_CLAIM = "agency";
    public static final String ROLES_CLAIM = "roles";
    public static final String AGENCY_AUTHORITY_PREFIX = "AGENCY_";

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new JwtAuthenticationToken(jwt, authoritiesOf(jwt), jwt.getSubject());
    }

    /**
     * The agency and role authorities of any token's claims: an API access token, or the ID token a portal
     * user signs in with (one mapping, so the portal and the API grant the same rights).
     */
    public static List<GrantedAuthority> authoritiesOf(ClaimAccessor claims) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        String agency = claims.getClaimAsString(AGENCY_CLAIM);
        if (agency != null) {
            authorities.add(new SimpleGrantedAuthority(AGENCY_AUTHORITY_PREFIX + agency));
        }
        roles(claims).forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        return authorities;
    }

    private static Collection<String> roles(ClaimAccessor jwt) {
        List<String> roles = new ArrayList<>();
        List<String> direct = jwt.getClaimAsStringList(ROLES_CLAIM);
        if (direct != null) {
            roles.addAll(direct);
        }
        Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
        if (realmAccess != null && realmAccess.get("roles") instanceof Collection<?> realmRoles) {
            realmRoles.forEach(role -> roles.add(String.valueOf(role)));
        }
        return roles;
    }
}
