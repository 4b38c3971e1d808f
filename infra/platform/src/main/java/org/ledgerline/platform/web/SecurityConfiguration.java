package org.ledgerline.platform.web;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
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

/**
 * Who may call what: stateless JWT bearer auth (HS256 with the configured key), roles from the {@code roles} claim.
 * Public: sign-up, the token endpoint, health probes and the API document. {@code /api/v1/admin/**} and Prometheus
 * need ADMIN; everything else under {@code /api/v1} needs a token. Refusals are problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemResponses problems) throws Exception {
        http.csrf(csrf -> csrf.disable())
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authorizeHttpRequests(auth -> auth
                    .requestMatchers(HttpMethod.POST, "/api/v1/users", "/api/v1/auth/token").permitAll()
                    .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                    .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                    .permitAll()
                    .requestMatchers("/error").permitAll()
                    .requestMatchers("/api/v1/admin/**", "/actuator/**", "/dashboard", "/dashboard/**")
                    .hasRole("ADMIN")
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
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        return NimbusJwtDecoder.withSecretKey(key(properties)).macAlgorithm(MacAlgorithm.HS256).build();
    }

    @Bean
    JwtEncoder jwtEncoder(SecurityProperties properties) {
        if (properties.usesDevSecret()) {
            log.warn("Access tokens are signed with the built-in development key; set LEDGERLINE_JWT_SECRET in "
                             + "production");
        }
        return new NimbusJwtEncoder(new ImmutableSecret<>(key(properties)));
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
            String token = encoder.encode(JwtEncoderParameters.from(
                    JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
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
