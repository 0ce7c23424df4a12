package org.saferwayout.agency.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses a signed token of a trusted provider that is not an access token (ADR 018, amended): an OpenID
 * Connect ID token carries the same {@code agency} and {@code roles} claims, and the portal's ID token even
 * passes through the browser at sign-out ({@code id_token_hint}), so it must not open the API.
 * <p>
 * Providers mark their tokens differently, so this refuses what only other tokens carry rather than requiring
 * one provider's mark: a JWT type other than {@code JWT} or {@code at+jwt} (RFC 9068; logout tokens are
 * {@code logout+jwt}); the claims only ID tokens have ({@code nonce}, which Spring Security's client always
 * sends and the embedded provider copies into the ID token, {@code at_hash}, {@code c_hash}, {@code s_hash});
 * and Keycloak's own {@code typ} claim when it is not {@code Bearer}.
 */
final class AccessTokensOnly implements OAuth2TokenValidator<Jwt> {

    private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    private static final List<String> ID_TOKEN_CLAIMS = List.of("nonce", "at_hash", "c_hash", "s_hash");
    private static final OAuth2TokenValidatorResult NOT_AN_ACCESS_TOKEN = OAuth2TokenValidatorResult.failure(
            new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "not an access token", null));

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Object type = token.getHeaders().get("typ");
        if (type != null && !ACCESS_TOKEN_TYPES.contains(type.toString().toLowerCase(Locale.ROOT))) {
            return NOT_AN_ACCESS_TOKEN;
        }
        if (ID_TOKEN_CLAIMS.stream().anyMatch(token::hasClaim)) {
            return NOT_AN_ACCESS_TOKEN;
        }
        String keycloakType = token.getClaimAsString("typ");
        if (keycloakType != null && !keycloakType.equalsIgnoreCase("Bearer")) {
            return NOT_AN_ACCESS_TOKEN;
        }
        return OAuth2TokenValidatorResult.success();
    }
}
