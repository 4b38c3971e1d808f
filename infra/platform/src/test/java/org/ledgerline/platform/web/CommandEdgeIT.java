package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The command API's edge on real PostgreSQL: auth, problem+json errors, versions, idempotency keys. */
@LedgerlineIntegrationTest(kafka = true, webEnvironment = WebEnvironment.RANDOM_PORT)
class CommandEdgeIT extends PlatformApiTest {

    private static String sha256(String request) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String product(String sku) {
        return """
               {"sku": "%s", "name": "Mug", "price": {"amount": "12.50", "currency": "EUR"}}""".formatted(sku);
    }

    @Test
    void without_a_token_a_command_is_401_problem_json() {
        HttpResponse<String> response = api.post("/api/v1/products", null, product("A-1"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"title\":\"Authentication required\"");
    }

    @Test
    void a_forged_token_is_401() {
        String forged = admin.substring(0, admin.length() - 4) + "AAAA";
        assertThat(api.post("/api/v1/products", forged, product("A-2")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void a_customer_cannot_change_the_catalog() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        HttpResponse<String> response = api.post("/api/v1/products", customer, product("A-3"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Only an ADMIN may change the catalog");
    }

    @Test
    void each_invalid_field_is_named_in_a_400() {
        HttpResponse<String> response = api.post(
                "/api/v1/products", admin, "{\"sku\": \"\", \"price\": {\"amount\": 1, \"currency\": \"euro\"}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"errors\"")
                .contains("{\"field\":\"sku\",\"message\":\"is required\"}")
                .contains("\"field\":\"name\"")
                .contains("\"field\":\"price.currency\"");
    }

    @Test
    void malformed_json_and_wrong_types_are_400_not_500() {
        HttpResponse<String> malformed = api.post("/api/v1/products", admin, "{\"sku\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("Malformed request body");

        HttpResponse<String> wrongType = api.post(
                "/api/v1/products",
                admin,
                "{\"sku\": \"X-1\", \"name\": \"n\", " + "\"price\": {\"amount\": \"twelve\", \"currency\": \"EUR\"}}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("Field 'price.amount'");

        HttpResponse<String> badId = api.post(
                "/api/v1/products/not-a-uuid/price", admin, "{\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("'productId' is not a valid id (a UUID)");
    }

    @Test
    void a_business_rule_violation_is_a_400_with_the_rule() {
        HttpResponse<String> response = api.post(
                "/api/v1/products",
                admin,
                "{\"sku\": \"NEG-1\", \"name\": \"n\", " + "\"price\": {\"amount\": \"-1\", \"currency\": \"EUR\"}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("A price cannot be negative");
    }

    @Test
    void an_unknown_product_is_404() {
        HttpResponse<String> response = api.post(
                "/api/v1/products/" + UUID.randomUUID() + "/price",
                admin,
                "{\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"title\":\"Not found\"");
    }

    @Test
    void a_stale_if_match_is_409_with_the_current_version_and_changes_nothing() {
        String id = created("C-1");
        String price = "{\"price\": {\"amount\": \"13.00\", \"currency\": \"EUR\"}}";
        HttpResponse<String> first =
                api.post("/api/v1/products/" + id + "/price", admin, price, Map.of("If-Match", "\"0\""));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"1\"");

        HttpResponse<String> stale = api.post(
                "/api/v1/products/" + id + "/price",
                admin,
                "{\"price\": {\"amount\": \"14.00\", \"currency\": \"EUR\"}}",
                Map.of("If-Match", "\"0\""));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("\"currentVersion\":1");
        assertThat(stale.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(eventsOf(id)).isEqualTo(2);

        HttpResponse<String> garbage =
                api.post("/api/v1/products/" + id + "/price", admin, price, Map.of("If-Match", "yesterday"));
        assertThat(garbage.statusCode()).isEqualTo(400);
    }

    @Test
    void the_same_idempotency_key_returns_the_first_response_and_changes_nothing() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String body = "{\"productId\": \"" + UUID.randomUUID() + "\", \"sku\": \"IDEM-1\", \"name\": \"Mug\", "
                + "\"price\": {\"amount\": \"12.50\", \"currency\": \"EUR\"}}";
        HttpResponse<String> first = api.post("/api/v1/products", admin, body, key);
        HttpResponse<String> retry = api.post("/api/v1/products", admin, body, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        String id = first.body().replaceAll(".*\"productId\":\"([^\"]+)\".*", "$1");
        assertThat(eventsOf(id)).isEqualTo(1);
    }

    @Test
    void the_same_idempotency_key_with_another_body_is_422() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        assertThat(api.post("/api/v1/products", admin, product("IDEM-2"), key).statusCode())
                .isEqualTo(201);
        HttpResponse<String> other = api.post("/api/v1/products", admin, product("IDEM-3"), key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("used for a different request");
    }

    @Test
    void idempotency_keys_belong_to_their_caller() {
        String key = UUID.randomUUID().toString();
        assertThat(api.post("/api/v1/products", admin, product("OWN-1"), Map.of("Idempotency-Key", key))
                        .statusCode())
                .isEqualTo(201);
        String otherAdmin = api.adminToken();
        HttpResponse<String> other =
                api.post("/api/v1/products", otherAdmin, product("OWN-2"), Map.of("Idempotency-Key", key));
        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void a_failed_request_does_not_pin_its_idempotency_key() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        String body = "{\"price\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}";
        String unknown = "/api/v1/products/" + UUID.randomUUID() + "/price";
        assertThat(api.post(unknown, admin, body, key).statusCode()).isEqualTo(404);
        HttpResponse<String> again = api.post(unknown, admin, body, key);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void a_key_whose_first_request_died_is_taken_over_after_stale_after_and_a_running_one_is_409() {
        UUID caller = UUID.randomUUID();
        String token = api.tokenFor(caller, "CUSTOMER", "ADMIN");
        String died = UUID.randomUUID().toString();
        String running = UUID.randomUUID().toString();
        // Claimed without an answer: one by a node that crashed 5 minutes ago, one by a request still running.
        jdbc.update(
                "INSERT INTO idempotency_key (owner, key, request_hash, created_at) VALUES "
                        + "(?, ?, repeat('0', 64), now() - interval '5 minutes'), (?, ?, ?, now())",
                caller.toString(),
                died,
                caller.toString(),
                running,
                sha256("POST /api/v1/products\n" + product("STALE-2")));

        HttpResponse<String> retried =
                api.post("/api/v1/products", token, product("STALE-1"), Map.of("Idempotency-Key", died));
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(api.post("/api/v1/products", token, product("STALE-1"), Map.of("Idempotency-Key", died))
                        .headers()
                        .firstValue("Idempotent-Replayed"))
                .hasValue("true");
        HttpResponse<String> busy =
                api.post("/api/v1/products", token, product("STALE-2"), Map.of("Idempotency-Key", running));
        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.body()).contains("still running");
    }

    @Test
    void the_openapi_document_lists_the_endpoints_and_their_problems() {
        HttpResponse<String> document = api.get("/v3/api-docs", null);
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body())
                .contains("/api/v1/products")
                .contains("/api/v1/products/{productId}/price")
                .contains("\"409\"")
                .contains("application/problem+json")
                .contains("#/components/schemas/Problem");
    }

    private String created(String sku) {
        HttpResponse<String> response = api.post("/api/v1/products", admin, product(sku));
        assertThat(response.statusCode()).isEqualTo(201);
        return response.body().replaceAll(".*\"productId\":\"([^\"]+)\".*", "$1");
    }

    private int eventsOf(String aggregateId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Integer.class, aggregateId);
    }
}
