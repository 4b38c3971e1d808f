package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.http.RawHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP edge as a hostile client meets it, over raw sockets: every header the API reads is validated, and every
 * error - whether Spring MVC, Spring Security's firewall or Tomcat itself answers it - is problem+json with a 4xx.
 */
@LedgerlineIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HttpEdgeIT extends PlatformApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MeterRegistry meters;

    RawHttp http;

    @BeforeEach
    void setUp() {
        http = new RawHttp(port);
    }

    private String bearer() {
        return "Authorization: Bearer " + admin;
    }

    private static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.contentType()).as("content type of %s", response).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    @Test
    void a_negative_min_position_is_400_not_503() {
        assertProblem(http.get("/api/v1/products", bearer(), "X-Ledgerline-Min-Position: -1"), 400);
    }

    @Test
    void a_min_position_the_store_does_not_hold_is_400_not_503() {
        assertProblem(http.get("/api/v1/products", bearer(), "X-Ledgerline-Min-Position: 987654321"), 400);
        assertProblem(http.get("/api/v1/products", bearer(), "X-Ledgerline-Min-Position: 99999999999999999999"), 400);
    }

    @Test
    void min_position_zero_waits_for_nothing() {
        assertThat(http.get("/api/v1/products", bearer(), "X-Ledgerline-Min-Position: 0")
                        .status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"key\u0001with-control", "key\u00e9-latin1", "key\u007f"})
    void an_idempotency_key_outside_printable_ascii_is_400(String key) {
        byte[] body = "{\"sku\":\"K-1\",\"name\":\"Mug\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}"
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response response = http.send(
                "POST /api/v1/products HTTP/1.1\r\n" + bearer()
                        + "\r\nContent-Type: application/json\r\nIdempotency-Key: "
                        + key,
                body);
        assertProblem(response, 400);
    }

    @Test
    void an_idempotency_key_longer_than_255_characters_is_400() {
        assertThat(api.post("/api/v1/products", admin, "{}", Map.of("Idempotency-Key", "k".repeat(256)))
                        .statusCode())
                .isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/orders/1;select",
                "/api/v1/orders/%00",
                "/api/v1/orders/..%2f..%2fadmin%2fevents",
                "/api/v1/orders/%2e%2e/%2e%2e/admin/events",
                "/api/v1/orders/%zz",
                "/api/v1/orders//x",
                "/api/v1/orders/%5c..%5cadmin",
                "/api/v1/orders/%25",
                "/api/v1/orders/a%0ab"
            })
    void a_path_the_firewall_or_tomcat_rejects_is_a_400_problem(String path) {
        assertProblem(http.get(path, bearer()), 400);
    }

    @Test
    void refusals_at_the_edge_are_counted_by_reason() {
        double firewall = refused("firewall");
        double container = refused("container");

        http.get("/api/v1/orders/1;select", bearer());
        http.get("/api/v1/orders/%00", bearer());

        assertThat(refused("firewall")).isEqualTo(firewall + 1);
        assertThat(refused("container")).isEqualTo(container + 1);
    }

    private double refused(String reason) {
        return meters.counter("ledgerline.http.refused", "reason", reason).count();
    }

    @Test
    void a_request_line_tomcat_cannot_parse_is_a_400_problem() {
        assertProblem(http.send("GET /api/v1/orders/a b HTTP/1.1", null), 400);
    }

    @Test
    void an_unknown_path_is_a_404_problem() {
        assertProblem(http.get("/api/v1/nowhere/" + UUID.randomUUID(), bearer()), 404);
    }

    @Test
    void a_method_the_path_does_not_take_is_a_405_problem() {
        assertProblem(http.send("DELETE /api/v1/products HTTP/1.1\r\n" + bearer(), null), 405);
    }

    @Test
    void an_accept_header_the_api_cannot_answer_is_a_406_problem() {
        assertProblem(http.get("/api/v1/products", bearer(), "Accept: image/png"), 406);
    }

    @Test
    void a_command_whose_accept_the_api_cannot_answer_is_refused_before_it_runs() {
        String sku = "ACCEPT-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] body = ("{\"sku\":\"" + sku + "\",\"name\":\"Mug\",\"price\":{\"amount\":\"1.00\","
                        + "\"currency\":\"EUR\"}}")
                .getBytes(StandardCharsets.UTF_8);

        RawHttp.Response response = http.send(
                "POST /api/v1/products HTTP/1.1\r\n" + bearer()
                        + "\r\nContent-Type: application/json\r\nAccept: text/html",
                body);

        assertProblem(response, 406);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8') " + "LIKE ?",
                        Integer.class,
                        "%" + sku + "%"))
                .isZero();
    }

    @Test
    void a_query_string_tomcat_cannot_decode_is_a_400_problem() {
        assertProblem(http.get("/api/v1/products?q=%zz", bearer()), 400);
    }

    @Test
    void a_body_that_is_not_json_is_a_415_problem() {
        assertProblem(
                http.send(
                        "POST /api/v1/products HTTP/1.1\r\n" + bearer() + "\r\nContent-Type: text/plain",
                        "hello".getBytes(StandardCharsets.UTF_8)),
                415);
    }

    @Test
    void headers_larger_than_the_server_takes_are_a_4xx_problem() {
        RawHttp.Response response = http.get("/api/v1/products", bearer(), "X-Padding: " + "a".repeat(20_000));
        assertThat(response.status()).isBetween(400, 499);
        assertProblem(response, response.status());
    }

    @Test
    void a_body_larger_than_the_server_takes_is_a_413_problem() {
        byte[] body = ("{\"sku\":\"" + "a".repeat(1_200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(
                http.send("POST /api/v1/products HTTP/1.1\r\n" + bearer() + "\r\nContent-Type: application/json", body),
                413);
    }
}
