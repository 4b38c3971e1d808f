package org.ledgerline.testsupport.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A tiny HTTP client for API tests: raw status, headers and body, so tests see exactly what a client sees. Bearer
 * tokens come from {@link Tokens}: the platform's real token issuer in its tests, {@link TestCallers#token} in a
 * module's slice.
 */
public class ApiClient {

    /** Mints a bearer token for a user with roles. */
    @FunctionalInterface
    public interface Tokens {
        String mint(UUID userId, Set<String> roles);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Tokens tokens;

    /** A client of the server on {@code port}; {@code tokens} may be null when the test mints none. */
    public ApiClient(int port, Tokens tokens) {
        this.base = "http://127.0.0.1:" + port;
        this.tokens = tokens;
    }

    public String tokenFor(UUID userId, String... roles) {
        return tokens.mint(userId, Set.of(roles));
    }

    public String adminToken() {
        return tokenFor(UUID.randomUUID(), "CUSTOMER", "ADMIN");
    }

    public HttpResponse<String> post(String path, String token, String json) {
        return post(path, token, json, Map.of());
    }

    public HttpResponse<String> post(String path, String token, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request, token, headers);
    }

    public HttpResponse<String> get(String path, String token) {
        return get(path, token, Map.of());
    }

    public HttpResponse<String> get(String path, String token, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token, headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token, Map<String, String> headers) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("Request to " + base + " failed", e);
        }
    }
}
