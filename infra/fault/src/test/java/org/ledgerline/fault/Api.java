package org.ledgerline.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's HTTP API as a client sees it (the JDK's HttpClient, HTTP/1.1). Given several nodes' ports it
 * balances as a load balancer in front of them would: each request goes to the next node in turn, and a node that
 * refuses the connection (it is down) is skipped for the next one, so nothing reached the dead node. A request cut
 * off on its way (the node died under it) fails; the client sends it again with the same {@code Idempotency-Key},
 * which then lands on another node.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(int status, String body, HttpResponse<String> response) {

        /** The port of the node that answered. */
        int port() {
            return response.uri().getPort();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final java.util.List<Integer> ports;
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

    Api(int port) {
        this(java.util.List.of(port));
    }

    /** Balances over these nodes' API ports (round-robin, a refused connection goes to the next node). */
    Api(java.util.List<Integer> ports) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("no port");
        }
        this.ports = java.util.List.copyOf(ports);
    }

    Answer get(String path, String token) throws IOException, InterruptedException {
        return send(request(path, token).GET().build());
    }

    Answer post(String path, String token, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, token)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(request.build());
    }

    /** An access token for the given credentials, or null if they are refused. */
    String token(String email, String password) throws IOException, InterruptedException {
        Answer answer = post(
                "/api/v1/auth/token",
                null,
                null,
                JSON.writeValueAsString(java.util.Map.of("email", email, "password", password)));
        return answer.status() == 200 ? answer.json().path("accessToken").asString() : null;
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:0" + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        int first = Math.floorMod(next.getAndIncrement(), ports.size());
        java.net.ConnectException refused = null;
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get((first + i) % ports.size());
            HttpRequest toNode = HttpRequest.newBuilder(request, (name, value) -> true)
                    .uri(URI.create("http://127.0.0.1:" + port + request.uri().getRawPath()
                            + (request.uri().getRawQuery() == null
                                    ? ""
                                    : "?" + request.uri().getRawQuery())))
                    .build();
            try {
                HttpResponse<String> response = http.send(toNode, HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.body(), response);
            } catch (java.net.ConnectException e) {
                // Nothing reached this node: the next one may take the request, as a load balancer would.
                refused = e;
            }
        }
        throw refused;
    }
}
