package org.ledgerline.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Who may call what on the management port ({@code management.server.port}, env {@code LEDGERLINE_MANAGEMENT_PORT};
 * the actuator endpoints live only there, never on the API port).
 * <ul>
 * <li>Prometheus ({@code /actuator/prometheus}): with {@code ledgerline.management.scrape-token} (env
 * {@code LEDGERLINE_METRICS_SCRAPE_TOKEN}) set, only a request carrying {@code Authorization: Bearer <that token>}
 * (compared in constant time); unset, open: the management port is kept off the public network.</li>
 * <li>Health and its probe groups, info: public; without an ADMIN token health answers its status alone (see
 * {@code management.endpoint.health.show-details}).</li>
 * <li>Everything else (metrics, ...): an ADMIN bearer token.</li>
 * </ul>
 * Spring Boot runs the management port in a child context that uses this context's security filter chains; these
 * chains match only requests that arrived on the management server, and come before the API's chain.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ManagementProperties.class)
public class ManagementSecurityConfiguration {

    private static final String PROBLEM_401_DETAIL =
            "Send the Prometheus scrape token: Authorization: Bearer <LEDGERLINE_METRICS_SCRAPE_TOKEN>";

    /** Prometheus: the scrape token (when one is configured), never a user's token. */
    @Bean
    @Order(-20)
    SecurityFilterChain managementPrometheus(
            HttpSecurity http, ProblemResponses problems, ManagementProperties management) throws Exception {
        AuthorizationManager<RequestAuthorizationContext> scrape = scrapeAccess(management.scrapeToken());
        http.securityMatcher(EndpointRequest.to(PrometheusScrapeEndpoint.class))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().access(scrape))
                .exceptionHandling(handling -> handling.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                    problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required", PROBLEM_401_DETAIL);
                }));
        return http.build();
    }

    /** The rest of the management port: health public (status only without ADMIN), everything else ADMIN. */
    @Bean
    @Order(-10)
    SecurityFilterChain managementSecurity(
            HttpSecurity http, ProblemResponses problems, JwtAuthenticationConverter rolesFromClaim) throws Exception {
        http.securityMatcher(onManagementServer())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
                        .permitAll()
                        .requestMatchers(EndpointRequest.to("info"))
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint())
                        .hasRole("ADMIN")
                        .anyRequest()
                        .denyAll());
        SecurityConfiguration.bearerTokens(
                http,
                problems,
                rolesFromClaim,
                "Send an ADMIN bearer token: Authorization: Bearer <token from POST /api/v1/auth/token>");
        return http.build();
    }

    /** Requests that arrived on the management server (Spring Boot's child context, server namespace management). */
    static RequestMatcher onManagementServer() {
        return request -> {
            WebApplicationContext context =
                    WebApplicationContextUtils.findWebApplicationContext(request.getServletContext());
            return context != null
                    && WebServerApplicationContext.hasServerNamespace(
                            context, WebServerNamespace.MANAGEMENT.getValue());
        };
    }

    /** Open without a configured token; with one, only that token, compared in constant time. */
    static AuthorizationManager<RequestAuthorizationContext> scrapeAccess(String scrapeToken) {
        if (scrapeToken == null || scrapeToken.isBlank()) {
            return (authentication, context) -> new AuthorizationDecision(true);
        }
        byte[] expected = sha256(scrapeToken.strip());
        return (authentication, context) ->
                new AuthorizationDecision(MessageDigest.isEqual(expected, sha256(bearer(context.getRequest()))));
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "";
        }
        return header.substring(7).strip();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
