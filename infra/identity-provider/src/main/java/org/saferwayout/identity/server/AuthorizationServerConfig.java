package org.saferwayout.identity.server;

import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.saferwayout.identity.config.IdentityProperties;
import org.saferwayout.identity.keys.SigningKeyStore;
import org.saferwayout.identity.password.DemoPasswordGrantAuthenticationConverter;
import org.saferwayout.identity.password.DemoPasswordGrantAuthenticationProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;

/** The OAuth2/OIDC endpoints: clients, signing key, token contents and the demo password grant. */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerSecurityFilterChain(
            HttpSecurity http, IdentityProperties properties, RegisteredClientRepository clients,
            OAuth2AuthorizationService authorizationService, OAuth2TokenGenerator<OAuth2Token> tokenGenerator,
            PortalAgencyPolicy portalAgencyPolicy, UserDetailsService users, PasswordEncoder passwordEncoder)
            throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, server -> {
                    server.registeredClientRepository(clients)
                            .authorizationService(authorizationService)
                            .tokenGenerator(tokenGenerator)
                            .oidc(Customizer.withDefaults())
                            .authorizationEndpoint(endpoint -> endpoint.authenticationProviders(providers ->
                                    providers.forEach(provider -> {
                                        if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequest) {
                                            codeRequest.setAuthenticationValidator(
                                                    new PortalAgencyAuthorizationValidator(portalAgencyPolicy));
                                        }
                                    })));
                    if (properties.demoPasswordGrant()) {
                        DaoAuthenticationProvider userAuthenticator = new DaoAuthenticationProvider(users);
                        userAuthenticator.setPasswordEncoder(passwordEncoder);
                        server.tokenEndpoint(endpoint -> endpoint
                                .accessTokenRequestConverter(new DemoPasswordGrantAuthenticationConverter())
                                .authenticationProvider(new DemoPasswordGrantAuthenticationProvider(
                                        userAuthenticator, tokenGenerator, authorizationService)));
                    }
                })
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                // Browsers hitting /oauth2/authorize unauthenticated are sent to the form login.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                // The OIDC userinfo endpoint is called with an access token.
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(IdentityProperties properties, PasswordEncoder passwordEncoder) {
        return new InMemoryRegisteredClientRepository(RegisteredClients.from(properties, passwordEncoder));
    }

    @Bean
    OAuth2AuthorizationService authorizationService() {
        return new InMemoryOAuth2AuthorizationService();
    }

    @Bean
    SigningKeyStore signingKeyStore(IdentityProperties properties) {
        return new SigningKeyStore(properties.keyFile());
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeyStore signingKeyStore) {
        return new ImmutableJWKSet<>(new JWKSet(List.of(signingKeyStore.loadOrCreate())));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        // Without a configured issuer Spring Authorization Server derives it from each request.
        if (StringUtils.hasText(properties.issuer())) {
            settings.issuer(properties.issuer());
        }
        return settings.build();
    }

    @Bean
    PortalAgencyPolicy portalAgencyPolicy(IdentityProperties properties) {
        return new PortalAgencyPolicy(properties);
    }

    @Bean
    AgencyClaimsCustomizer agencyClaimsCustomizer(IdentityProperties properties, PortalAgencyPolicy portalAgencyPolicy) {
        return new AgencyClaimsCustomizer(properties, portalAgencyPolicy);
    }

    /** One generator for every grant, including the demo password grant, so all tokens get the same claims. */
    @Bean
    OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JWKSource<SecurityContext> jwkSource,
                                                     AgencyClaimsCustomizer agencyClaimsCustomizer) {
        JwtGenerator jwtGenerator = new JwtGenerator(new NimbusJwtEncoder(jwkSource));
        jwtGenerator.setJwtCustomizer(agencyClaimsCustomizer);
        return new DelegatingOAuth2TokenGenerator(
                jwtGenerator, new OAuth2AccessTokenGenerator(), new OAuth2RefreshTokenGenerator());
    }
}
