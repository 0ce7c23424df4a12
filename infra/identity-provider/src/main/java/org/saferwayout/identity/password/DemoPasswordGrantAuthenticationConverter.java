package org.saferwayout.identity.password;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/** Reads {@code grant_type=password&username=..&password=..[&scope=..]} from a token request body. */
public final class DemoPasswordGrantAuthenticationConverter implements AuthenticationConverter {

    private static final Set<String> GRANT_PARAMETERS = Set.of(OAuth2ParameterNames.GRANT_TYPE,
            OAuth2ParameterNames.USERNAME, OAuth2ParameterNames.PASSWORD, OAuth2ParameterNames.SCOPE,
            OAuth2ParameterNames.CLIENT_ID, OAuth2ParameterNames.CLIENT_SECRET);

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!DemoPasswordGrantAuthenticationToken.PASSWORD.getValue()
                .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
            return null;
        }
        // Credentials in a URL end up in access logs and browser history: accept them only in the body.
        if (queryParameterNames(request).stream().anyMatch(GRANT_PARAMETERS::contains)) {
            throw invalidRequest("grant parameters must be sent in the request body");
        }
        String username = singleParameter(request, OAuth2ParameterNames.USERNAME, true);
        String password = singleParameter(request, OAuth2ParameterNames.PASSWORD, true);
        String scope = singleParameter(request, OAuth2ParameterNames.SCOPE, false);
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            scopes.addAll(Arrays.asList(StringUtils.delimitedListToStringArray(scope.trim(), " ")));
            scopes.remove("");
        }

        Map<String, Object> additional = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!GRANT_PARAMETERS.contains(name)) {
                additional.put(name, values.length == 1 ? values[0] : values);
            }
        });
        Authentication clientPrincipal = SecurityContextHolder.getContext().getAuthentication();
        return new DemoPasswordGrantAuthenticationToken(clientPrincipal, username, password, scopes, additional);
    }

    private static Set<String> queryParameterNames(HttpServletRequest request) {
        String query = request.getQueryString();
        if (!StringUtils.hasText(query)) {
            return Set.of();
        }
        return UriComponentsBuilder.newInstance().query(query).build().getQueryParams().keySet().stream()
                .map(name -> UriUtils.decode(name, StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }

    private static String singleParameter(HttpServletRequest request, String name, boolean required) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0) {
            if (required) {
                throw invalidRequest("missing parameter " + name);
            }
            return null;
        }
        if (values.length > 1 || (required && !StringUtils.hasText(values[0]))) {
            throw invalidRequest("invalid parameter " + name);
        }
        return values[0];
    }

    private static OAuth2AuthenticationException invalidRequest(String description) {
        return new OAuth2AuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, null));
    }
}
