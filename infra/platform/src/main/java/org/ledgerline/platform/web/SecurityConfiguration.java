package org.ledgerline.platform.web;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.embedded.EmbeddedServicesProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may call what: stateless JWT bearer auth, roles from the {@code roles} claim. The platform's own tokens are
 * RS256 with a configured RSA key pair (other services verify them with the JWKS at {@code /.well-known/jwks.json}),
 * HS256 with a configured secret, or RS256 with a key generated in the data directory (development); see
 * {@link TokenKeys}. Tokens of an external OpenID Connect issuer are accepted beside them when one is configured.
 * Public: sign-up, the token endpoint, the JWKS, the API document and the saga dashboard's page shell.
 * {@code /api/v1/admin/**} and {@code /api/v1/sagas/**} need ADMIN; everything else under {@code /api/v1} needs a
 * token. The operations endpoints live on the management port ({@link ManagementSecurityConfiguration}). Refusals
 * are problem+json.
 */
@Configuration(proxyBeanMethods = false)
// EmbeddedServicesProperties too: its data directory holds the generated key, also where the embedded servers'
// auto-configuration is absent (the container image, ADR 0019).
@EnableConfigurationProperties({SecurityProperties.class, EmbeddedServicesProperties.class})
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * No Micrometer observations inside Spring Security. With an observation registry present, Spring Security wraps
     * every filter of the chain, each authentication and each authorization in an observation, and the default meter
     * handler registers a meter per observation event: in a JFR profile of the command benchmark, Spring Security's
     * and Micrometer's own code took a fifth of the request threads' CPU. What an operator watches stays: the request
     * ({@code http_server_requests_seconds} and the OpenTelemetry server span, both the request telemetry filter's)
     * and every refusal (401/403 counted by status there, logged by the problem handlers).
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The saga dashboard's static shell (HTML, CSS, JavaScript under {@code /dashboard}) is public: a browser
     * navigation cannot send a bearer token, and the shell holds no data. The page signs in itself and calls the
     * ADMIN-only {@code /api/v1/sagas/**} endpoints with the token, so every byte of saga data still needs ADMIN.
     * Its own chain so that a strict Content-Security-Policy (scripts and styles from this origin only, no inline
     * code) applies to the page without breaking the Swagger UI.
     */
    @Bean
    @Order(1)
    SecurityFilterChain dashboardShell(HttpSecurity http) throws Exception {
        http.securityMatcher("/dashboard", "/dashboard/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET, "/dashboard", "/dashboard/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/dashboard", "/dashboard/**")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                        + "connect-src 'self'; base-uri 'none'; form-action 'self'; "
                                        + "frame-ancestors 'none'"))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ProblemResponses problems,
            SecurityProperties properties,
            JwtAuthenticationConverter rolesFromClaim)
            throws Exception {
        if (!properties.localSignIn()) {
            http.addFilterBefore(new LocalSignInOff(problems), UsernamePasswordAuthenticationFilter.class);
        }
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                HttpMethod.POST, "/api/v1/users", "/api/v1/auth/token")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, JwksController.PATH)
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers("/api/v1/admin/**", "/api/v1/sagas", "/api/v1/sagas/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/api/v1/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll());
        bearerTokens(
                http,
                problems,
                rolesFromClaim,
                "Send a valid bearer token: Authorization: Bearer <token from POST /api/v1/auth/token>");
        return http.build();
    }

    /**
     * Bearer tokens with the platform's roles, for the API and the management port alike: a missing or refused token
     * is a 401 problem saying {@code howToAuthenticate}, a role that does not allow the request a 403 problem.
     */
    static void bearerTokens(
            HttpSecurity http, ProblemResponses problems, JwtAuthenticationConverter roles, String howToAuthenticate)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) ->
                problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required", howToAuthenticate);
        AccessDeniedHandler forbidden = (request, response, e) ->
                problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this request");
        http.oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** The platform's own keys; logs once which source is in use (never the key). */
    @Bean
    TokenKeys tokenKeys(SecurityProperties properties, EmbeddedServicesProperties embedded) {
        TokenKeys keys = TokenKeys.load(properties, embedded.dataDirectory());
        if (keys.source() == TokenKeys.Source.GENERATED_RSA) {
            log.warn(
                    "Access tokens are signed with the {}; configure LEDGERLINE_JWT_PRIVATE_KEY (or "
                            + "LEDGERLINE_JWT_SECRET) in production",
                    keys.describe());
        } else {
            log.info("Access tokens are signed with the {}", keys.describe());
        }
        return keys;
    }

    /**
     * Verifies the platform's own tokens (issuer {@code ledgerline.security.issuer}, RS256 with the current or a
     * previous public key, or HS256 with the configured secret: one algorithm, so neither {@code none} nor an HS256
     * token "signed" with the RSA public key passes) and, when configured, the external identity provider's tokens.
     * Verified tokens are remembered by {@link VerifiedTokenCache}; refused ones never.
     */
    @Bean
    JwtDecoder jwtDecoder(TokenKeys keys, SecurityProperties properties, ObjectProvider<MeterRegistry> meters) {
        NimbusJwtDecoder local = keys.rsa()
                ? NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys.verificationKeys()))
                        .jwsAlgorithm(SignatureAlgorithm.RS256)
                        .build()
                : NimbusJwtDecoder.withSecretKey(keys.secret())
                        .macAlgorithm(MacAlgorithm.HS256)
                        .build();
        local.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        JwtDecoder external = null;
        SecurityProperties.External idp = properties.external();
        if (idp.enabled()) {
            if (idp.issuer().equals(properties.issuer())) {
                throw new IllegalArgumentException("The external issuer " + idp.issuer() + " is the platform's own "
                        + "(ledgerline.security.issuer): give them different names");
            }
            // Built on the first external token, not at start: the platform starts while the provider is down.
            external = new SupplierJwtDecoder(() -> {
                NimbusJwtDecoder decoder = idp.jwkSetUri() != null
                        ? NimbusJwtDecoder.withJwkSetUri(idp.jwkSetUri()).build()
                        : NimbusJwtDecoder.withIssuerLocation(idp.issuerUri()).build();
                decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(idp.issuer()));
                decoder.setClaimSetConverter(new ExternalIdentity(idp));
                return decoder;
            });
            log.info(
                    "Tokens of the external identity provider {} are accepted beside the platform's own (roles from "
                            + "'{}'); local sign-in is {}",
                    idp.issuer(),
                    idp.rolesClaim(),
                    properties.localSignIn() ? "on" : "off");
        }
        return new VerifiedTokenCache(new IssuerRoutingDecoder(
                local, idp.issuer(), external, meters.getIfAvailable(SimpleMeterRegistry::new)));
    }

    /** Signs the platform's own tokens: RS256 with the kid of the signing key, or HS256. */
    @Bean
    JwtEncoder jwtEncoder(TokenKeys keys) {
        if (keys.rsa()) {
            return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signingKey())));
        }
        return new NimbusJwtEncoder(new ImmutableSecret<>(keys.secret()));
    }

    @Bean
    TokenIssuer tokenIssuer(JwtEncoder encoder, TokenKeys keys, SecurityProperties properties) {
        JwsHeader header = keys.rsa()
                ? JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.keyId()).build()
                : JwsHeader.with(MacAlgorithm.HS256).build();
        return (UUID userId, Set<String> roles) -> {
            Instant now = Instant.now();
            JwtClaimsSet claims = JwtClaimsSet.builder()
                    .issuer(properties.issuer())
                    .subject(userId.toString())
                    .issuedAt(now)
                    .expiresAt(now.plus(properties.tokenTtl()))
                    .claim("roles", List.copyOf(roles))
                    .build();
            String token =
                    encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
            return new TokenIssuer.IssuedToken(token, properties.tokenTtl());
        };
    }

    /**
     * Roles from the {@code roles} claim, for the API and the management port alike (an external provider's roles are
     * mapped into that claim when its token is decoded, see {@link ExternalIdentity}).
     */
    @Bean
    JwtAuthenticationConverter rolesFromClaim() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }
}
