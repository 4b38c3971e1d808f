package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document says what the server does: its parameters, statuses, types and nulls. */
@LedgerlineIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenApiDocumentIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    JsonNode document;

    @BeforeEach
    void setUp() {
        document = JSON.readTree(
                new ApiClient(port, tokens).get("/v3/api-docs", null).body());
    }

    private List<JsonNode> operations() {
        List<JsonNode> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            path.getValue().properties().forEach(operation -> operations.add(operation.getValue()));
        }
        return operations;
    }

    private JsonNode schema(String name) {
        return document.path("components").path("schemas").path(name);
    }

    private List<String> types(JsonNode property) {
        JsonNode type = property.path("type");
        return type.isArray() ? type.valueStream().map(JsonNode::asString).toList() : List.of(type.asString());
    }

    @Test
    void no_operation_asks_for_the_caller_which_comes_from_the_token() {
        assertThat(operations())
                .allSatisfy(operation -> assertThat(operation
                                .path("parameters")
                                .valueStream()
                                .map(p -> p.path("name").asString()))
                        .doesNotContain("caller"));
        assertThat(schema("Caller").isMissingNode()).isTrue();
    }

    @Test
    void money_amounts_are_documented_as_the_decimal_strings_the_server_writes() {
        assertThat(types(schema("MoneyBody").path("properties").path("amount"))).containsExactly("string");
    }

    @Test
    void fields_the_server_writes_as_null_are_nullable_and_every_answer_field_is_required() {
        assertThat(types(schema("OrderView").path("properties").path("rejectionReason")))
                .containsExactlyInAnyOrder("string", "null");
        assertThat(types(schema("OrderPage").path("properties").path("nextCursor")))
                .containsExactlyInAnyOrder("string", "null");
        assertThat(types(schema("Events").path("properties").path("nextAfterPosition")))
                .containsExactlyInAnyOrder("integer", "null");
        assertThat(schema("OrderView").path("required").valueStream().map(JsonNode::asString))
                .contains("orderId", "rejectionReason", "total");
    }

    @Test
    void created_and_accepted_answers_are_documented_with_their_status() {
        JsonNode paths = document.path("paths");
        assertThat(paths.path("/api/v1/users").path("post").path("responses").has("201"))
                .isTrue();
        assertThat(paths.path("/api/v1/products").path("post").path("responses").has("201"))
                .isTrue();
        assertThat(paths.path("/api/v1/orders").path("post").path("responses").has("202"))
                .isTrue();
        assertThat(paths.path("/api/v1/orders/{orderId}/cancel")
                        .path("post")
                        .path("responses")
                        .has("202"))
                .isTrue();
        assertThat(paths.path("/api/v1/products").path("post").path("responses").has("200"))
                .isFalse();
        assertThat(paths.path("/api/v1/orders").path("post").path("responses").has("200"))
                .isFalse();
    }

    @Test
    void answers_name_their_media_type_and_the_error_page_is_not_an_operation() {
        assertThat(document.path("paths").has("/error")).isFalse();
        assertThat(operations())
                .allSatisfy(operation -> operation
                        .path("responses")
                        .properties()
                        .forEach(response -> assertThat(
                                        response.getValue().path("content").propertyNames())
                                .doesNotContain("*/*")));
        assertThat(types(schema("Problem").path("properties").path("title"))).containsExactly("string");
    }
}
