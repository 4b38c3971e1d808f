package org.ledgerline.platform.web;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.ledgerline.eventstore.http.TokenIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may call what: stateless JWT bearer auth, roles from the {@code roles} claim. Tokens are RS256 with the
 * configured RSA key pair (production: other services verify them with the public key alone), or HS256 with a shared
 * secret (development).
 * Public: sign-up, the token endpoint, health probes, the API document and the saga dashboard's page shell.
 * {@code /api/v1/admin/**}, {@code /api/v1/sagas/**} and Prometheus need ADMIN; everything else under {@code /api/v1}
 * needs a token. Refusals are problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * No Micrometer observations inside Spring Security. With an observation registry present, Spring Security wraps
     * every filter of the chain, each authentication and each authorization in an observation, and the default meter
     * handler registers a meter per observation event: in a JFR profile of the command benchmark, Spring Security's
     * and Micrometer's own code took a fifth of the request threads' CPU. What an operator watches stays: the request
     * (Spring MVC's {@code http_server_requests_seconds}, the OpenTelemetry server span) and every refusal (401/403
     * counted by status there, logged by the problem handlers).
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
            .authorizeHttpRequests(auth -> auth
                    .requestMatchers(HttpMethod.GET, "/dashboard", "/dashboard/**").permitAll()
                    .requestMatchers(HttpMethod.HEAD, "/dashboard", "/dashboard/**").permitAll()
                    .anyRequest().denyAll())
            .headers(headers -> headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(
                            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                    + "connect-src 'self'; base-uri 'none'; form-action 'self'; "
                                    + "frame-ancestors 'none'"))
                    .referrerPolicy(referrer -> referrer.policy(
                            ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemResponses problems) throws Exception {
        http.csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authorizeHttpRequests(auth -> auth
                    .requestMatchers(HttpMethod.POST, "/api/v1/users", "/api/v1/auth/token").permitAll()
                    .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                    .permitAll()
                    .requestMatchers("/error").permitAll()
                    .requestMatchers("/api/v1/admin/**", "/api/v1/sagas", "/api/v1/sagas/**").hasRole("ADMIN")
                    .requestMatchers("/api/v1/**").authenticated()
                    .anyRequest().denyAll())
            .oauth2ResourceServer(oauth -> oauth
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromClaim()))
                    .authenticationEntryPoint((request, response, e) -> problems.write(
                            response, HttpStatus.UNAUTHORIZED, "Authentication required",
                            "Send a valid bearer token: Authorization: Bearer <token from POST /api/v1/auth/token>"))
                    .accessDeniedHandler((request, response, e) -> problems.write(
                            response, HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this request")))
            .exceptionHandling(handling -> handling
                    .authenticationEntryPoint((request, response, e) -> problems.write(
                            response, HttpStatus.UNAUTHORIZED, "Authentication required",
                            "Send a valid bearer token: Authorization: Bearer <token from POST /api/v1/auth/token>"))
                    .accessDeniedHandler((request, response, e) -> problems.write(
                            response, HttpStatus.FORBIDDEN, "Forbidden", "Your role does not allow this request")));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties) throws java.io.IOException {
        JwtDecoder decoder = properties.usesRsa()
                             ? NimbusJwtDecoder.withPublicKey(publicKey(properties)).build()
                             : NimbusJwtDecoder.withSecretKey(key(properties)).macAlgorithm(MacAlgorithm.HS256).build();
        return new VerifiedTokenCache(decoder);
    }

    @Bean
    JwtEncoder jwtEncoder(SecurityProperties properties) throws java.io.IOException {
        if (properties.usesRsa()) {
            RSAKey rsa = new RSAKey.Builder(publicKey(properties)).privateKey(privateKey(properties)).build();
            return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(rsa)));
        }
        if (properties.usesDevSecret()) {
            log.warn("Access tokens are signed with the built-in development key; set LEDGERLINE_JWT_SECRET or an "
                             + "RSA key pair (LEDGERLINE_JWT_PUBLIC_KEY / LEDGERLINE_JWT_PRIVATE_KEY) in production");
        }
        return new NimbusJwtEncoder(new ImmutableSecret<>(key(properties)));
    }

    private static RSAPublicKey publicKey(SecurityProperties properties) throws java.io.IOException {
        try (var in = properties.rsaPublicKey().getInputStream()) {
            return RsaKeyConverters.x509().convert(in);
        }
    }

    private static RSAPrivateKey privateKey(SecurityProperties properties) throws java.io.IOException {
        try (var in = properties.rsaPrivateKey().getInputStream()) {
            return RsaKeyConverters.pkcs8().convert(in);
        }
    }

    @Bean
    TokenIssuer tokenIssuer(JwtEncoder encoder, SecurityProperties properties) {
        return (UUID userId, Set<String> roles) -> {
            Instant now = Instant.now();
            JwtClaimsSet claims = JwtClaimsSet.builder()
                                              .issuer(properties.issuer())
                                              .subject(userId.toString())
                                              .issuedAt(now)
                                              .expiresAt(now.plus(properties.tokenTtl()))
                                              .claim("roles", List.copyOf(roles))
                                              .build();
            JwsHeader header = properties.usesRsa() ? JwsHeader.with(SignatureAlgorithm.RS256).build()
                                                    : JwsHeader.with(MacAlgorithm.HS256).build();
            String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
            return new TokenIssuer.IssuedToken(token, properties.tokenTtl());
        };
    }

    private static JwtAuthenticationConverter rolesFromClaim() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }

    private static SecretKey key(SecurityProperties properties) {
        return new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
}
