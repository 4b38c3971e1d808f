package org.ledgerline.platform.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.fuzz.ApiDocument.Operation;
import org.ledgerline.platform.fuzz.HostileRequests.Fixtures;
import org.ledgerline.platform.fuzz.HostileRequests.Request;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.http.RawHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad-input fuzzing generated from the platform's own OpenAPI document ({@code /v3/api-docs}): for every operation,
 * hostile variants (see {@link HostileRequests}) sent over raw sockets as an ADMIN, a CUSTOMER, a stranger, with a
 * forged token and with none. Every answer must be below 500; every error application/problem+json; every answer's
 * status documented for its operation, with the documented content type and a body matching the documented schema;
 * a refused (4xx) request stores nothing (no event carries its request id, and the event store's head moves only by
 * events of earlier accepted requests); an accepted command's X-Ledgerline-Position holds its event and its Location
 * can be read.
 *
 * <p>CI scale: {@value #DEFAULT_REQUESTS} requests with seed {@value #DEFAULT_SEED}. Longer:
 * {@code -Dledgerline.fuzz.requests=20000} (or {@code LEDGERLINE_FUZZ_REQUESTS}); other inputs:
 * {@code -Dledgerline.fuzz.seed=random} (or {@code LEDGERLINE_FUZZ_SEED}); replay a run with the seed its summary
 * line printed.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.rate-limit.commands-per-second=0", "ledgerline.rate-limit.sign-in-per-address=0",
            "ledgerline.rate-limit.sign-up-per-address=0", "ledgerline.rate-limit.sign-in-failures-before-lockout=0",
            "ledgerline.replication.topic-prefix=fuzz"
        })
class BadInputFuzzIT {

    private static final int DEFAULT_REQUESTS = 2_000;
    private static final long DEFAULT_SEED = 18;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    JdbcTemplate jdbc;

    private final List<String> failures = new ArrayList<>();
    private final Set<String> acceptedRequestIds = new HashSet<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();

    @Test
    void hostile_requests_from_the_openapi_document_get_clean_refusals_and_change_nothing() {
        int budget = budget();
        long seed = seed();
        ApiClient api = new ApiClient(port, tokens);
        ApiDocument document =
                new ApiDocument(JSON.readTree(api.get("/v3/api-docs", null).body()));
        Fixtures fixtures = fixtures(api);
        List<Operation> operations = document.operations().stream()
                .filter(operation -> !operation.streams())
                .toList();
        HostileRequests generator = new HostileRequests(document, fixtures, new Random(seed));
        RawHttp http = new RawHttp(port);
        Set<String> covered = new HashSet<>();
        int refused = 0;
        int accepted = 0;
        long started = System.nanoTime();
        settle();
        for (int i = 0; i < budget; i++) {
            Operation operation = operations.get(i % operations.size());
            String requestId = "fuzz-" + i + "-" + Long.toHexString(seed);
            Request request = generator.next(operation, requestId);
            long headBefore = head();
            RawHttp.Response response =
                    http.send(request.method(), request.target(), request.headers(), request.body());
            covered.add(operation.id());
            statuses.merge(response.status(), 1, Integer::sum);
            String actualId = response.headers().getOrDefault("x-request-id", requestId);
            check(document, request, response);
            if (response.status() >= 400 && response.status() < 500) {
                refused++;
                checkNothingStored(request, actualId, headBefore);
            } else if (response.status() < 300) {
                accepted++;
                acceptedRequestIds.add(actualId);
                checkStored(api, fixtures, request, response);
            }
        }
        checkReadModelsKeepUp(api, fixtures);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf(
                "BadInputFuzzIT: %d requests sent, %d of %d operations covered, %d refusals (4xx), "
                        + "%d accepted (2xx), statuses %s, %d failures, seed %d, %d s%n",
                budget, covered.size(), operations.size(), refused, accepted, statuses, failures.size(), seed, seconds);
        assertThat(covered).hasSize(operations.size());
        assertThat(failures)
                .as(
                        "Fuzzing with seed %d found (first 40 of %d):%n%s",
                        seed, failures.size(), failures.stream().limit(40).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    /** Fixed by default, so that CI runs are repeatable; {@code -Dledgerline.fuzz.seed=random} for a new one. */
    private static long seed() {
        String seed = System.getProperty("ledgerline.fuzz.seed", System.getenv("LEDGERLINE_FUZZ_SEED"));
        if (seed == null || seed.isBlank()) {
            return DEFAULT_SEED;
        }
        return seed.trim().equals("random") ? new Random().nextLong() : Long.parseLong(seed.trim());
    }

    private static int budget() {
        String property = System.getProperty("ledgerline.fuzz.requests", System.getenv("LEDGERLINE_FUZZ_REQUESTS"));
        return property == null || property.isBlank() ? DEFAULT_REQUESTS : Integer.parseInt(property.trim());
    }

    private void fail(Request request, RawHttp.Response response, String what) {
        String body = response == null ? "" : response.body().replaceAll("\\s+", " ");
        failures.add(what + " | " + request.operation().id() + " as " + request.caller() + " | " + request.mutation()
                + (response == null
                        ? ""
                        : " | " + response.status() + " "
                                + (body.length() > 200 ? body.substring(0, 200) + "…" : body)));
    }

    private void check(ApiDocument document, Request request, RawHttp.Response response) {
        int status = response.status();
        if (status >= 500) {
            fail(request, response, "server error");
            return;
        }
        String contentType = response.contentType();
        if (status >= 400) {
            if (!contentType.startsWith("application/problem+json")) {
                fail(request, response, "error not problem+json (" + contentType + ")");
                return;
            }
        }
        JsonNode documented = request.operation().responses().path(Integer.toString(status));
        if (documented.isMissingNode()) {
            // A mangled path may no longer name this operation; the container's answer still has to be a problem.
            if (!(request.refusedByPath() && status >= 400)) {
                fail(request, response, "status " + status + " not documented for the operation");
            }
            if (status >= 400) {
                checkBody(
                        document,
                        request,
                        response,
                        document.resolve(JSON.readTree("{\"$ref\":\"#/components/schemas/Problem\"}")));
            }
            return;
        }
        JsonNode content = documented.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (!response.body().isEmpty()) {
                fail(request, response, "a body where the document says none");
            }
            return;
        }
        String mediaType = content.propertyNames().stream()
                .filter(contentType::startsWith)
                .findFirst()
                .orElse(null);
        if (mediaType == null) {
            fail(request, response, "content type " + contentType + " not documented " + content.propertyNames());
            return;
        }
        checkBody(document, request, response, content.path(mediaType).path("schema"));
    }

    private void checkBody(ApiDocument document, Request request, RawHttp.Response response, JsonNode schema) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            fail(request, response, "body is not JSON");
            return;
        }
        List<String> violations = document.violations(body, schema, "body");
        if (!violations.isEmpty()) {
            fail(request, response, "answer does not match its schema: " + String.join("; ", violations));
        }
        if (response.status() >= 400 && body.path("status").asInt() != response.status()) {
            fail(request, response, "problem status " + body.path("status") + " differs from the HTTP status");
        }
    }

    /** A refused request stored nothing: events appended meanwhile belong to earlier accepted requests only. */
    private void checkNothingStored(Request request, String requestId, long headBefore) {
        List<String> newEvents = jdbc.queryForList(
                "SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE globalindex > ? "
                        + "ORDER BY globalindex",
                String.class,
                headBefore);
        for (String metadata : newEvents) {
            String cause = requestIdOf(metadata);
            if (requestId.equals(cause) || (cause != null && !acceptedRequestIds.contains(cause))) {
                fail(
                        request,
                        null,
                        "refused request stored an event (head moved from " + headBefore + ", event of " + "request "
                                + cause + ")");
                return;
            }
        }
    }

    private static String requestIdOf(String metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            JsonNode id = JSON.readTree(metadata).path("requestId");
            return id.isString() ? id.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** An accepted command is stored: its position holds an event of this request, and its Location answers. */
    private void checkStored(ApiClient api, Fixtures fixtures, Request request, RawHttp.Response response) {
        String position = response.headers().get("x-ledgerline-position");
        if (request.method().equals("POST") && position != null) {
            Integer events = jdbc.queryForObject(
                    "SELECT count(*) FROM domainevententry WHERE globalindex = ?",
                    Integer.class,
                    Long.parseLong(position));
            if (events == null || events == 0) {
                fail(request, response, "accepted, but no event is stored at its X-Ledgerline-Position " + position);
                return;
            }
        }
        String location = response.headers().get("location");
        if (location != null && position == null) {
            fail(
                    request,
                    response,
                    "accepted with Location " + location + ", but no event stored for it (no "
                            + "X-Ledgerline-Position)");
            return;
        }
        if (location != null && location.startsWith("/api/v1/")) {
            HttpResponse<String> read =
                    api.get(location, fixtures.adminToken(), Map.of("X-Ledgerline-Min-Position", position));
            if (read.statusCode() != 200) {
                fail(request, response, "accepted, but GET " + location + " answers " + read.statusCode());
            }
        }
    }

    /** Whatever was accepted, every processor reaches the head and parks nothing as a dead letter. */
    private void checkReadModelsKeepUp(ApiClient api, Fixtures fixtures) {
        long head = head();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        JsonNode processors = JSON.readTree(api.get("/api/v1/admin/processors", fixtures.adminToken())
                                .body());
                        return processors
                                .valueStream()
                                .allMatch(p -> p.path("position").asLong(-1) >= head
                                        || p.path("caughtUp").asBoolean());
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            failures.add("read models stopped short of the head " + head + ": "
                    + api.get("/api/v1/admin/processors", fixtures.adminToken()).body());
        }
        JsonNode processors = JSON.readTree(
                api.get("/api/v1/admin/processors", fixtures.adminToken()).body());
        processors.forEach(processor -> {
            if (processor.path("deadLetters").asLong(0) > 0) {
                failures.add("processor " + processor.path("name").asString() + " parked "
                        + processor.path("deadLetters").asLong() + " dead letters: "
                        + api.get(
                                        "/api/v1/admin/dead-letters?processor="
                                                + processor.path("name").asString(),
                                        fixtures.adminToken())
                                .body());
            }
        });
    }

    private long head() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    /** Waits until the saga and projectors have stopped appending events for the fixtures. */
    private void settle() {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> last.getAndSet(head()) == head());
    }

    private Fixtures fixtures(ApiClient api) {
        String admin = api.adminToken();
        HttpResponse<String> signUp = api.post(
                "/api/v1/users",
                null,
                "{\"email\":\"fuzz-" + UUID.randomUUID()
                        + "@example.com\",\"name\":\"Fuzz\",\"password\":\"fuzz-password-1\"}");
        assertThat(signUp.statusCode()).isEqualTo(201);
        String customerId = JSON.readTree(signUp.body()).path("userId").asString();
        String customer = api.tokenFor(UUID.fromString(customerId), "CUSTOMER");
        HttpResponse<String> product = api.post(
                "/api/v1/products",
                admin,
                "{\"sku\":\"FUZZ-1\",\"name\":\"Mug\","
                        + "\"price\":{\"amount\":\"2.50\",\"currency\":\"EUR\"},\"initialStock\":1000}");
        assertThat(product.statusCode()).isEqualTo(201);
        String productId = JSON.readTree(product.body()).path("productId").asString();
        assertThat(api.post(
                                "/api/v1/accounts/" + customerId + "/deposits",
                                customer,
                                "{\"amount\":{\"amount\":\"100.00\",\"currency\":\"EUR\"}}")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> order = api.post(
                "/api/v1/orders",
                customer,
                "{\"lines\":[{\"productId\":\"" + productId
                        + "\",\"quantity\":1}],\"shippingAddress\":{\"line1\":\"1 Main St\",\"city\":\"Berlin\","
                        + "\"postalCode\":\"10115\",\"country\":\"DE\"}}");
        assertThat(order.statusCode()).isEqualTo(202);
        String orderId = JSON.readTree(order.body()).path("orderId").asString();
        String sagaId = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            JsonNode sagas = JSON.readTree(api.get("/api/v1/sagas?limit=1", admin)
                                            .body())
                                    .path("items");
                            return sagas.isEmpty()
                                    ? null
                                    : sagas.path(0).path("sagaId").asString();
                        },
                        id -> id != null);
        JsonNode processors =
                JSON.readTree(api.get("/api/v1/admin/processors", admin).body());
        String processor = processors.path(0).path("name").asString();
        String stranger = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        return new Fixtures(customerId, customer, admin, stranger, productId, orderId, sagaId, processor, "orders");
    }
}
