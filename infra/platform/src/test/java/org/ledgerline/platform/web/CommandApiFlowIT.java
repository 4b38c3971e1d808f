package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The command API as a customer and an operator meet it, on real PostgreSQL. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"ledgerline.admin.email=ops@example.com", "ledgerline.admin.password=correct horse battery"})
class CommandApiFlowIT extends PlatformApiTest {

    @Test
    void sign_up_token_deposit_product_and_order() {
        HttpResponse<String> signUp = api.post(
                "/api/v1/users",
                null,
                "{\"email\": \"Ada@Example.com\", \"name\": \"Ada\", " + "\"password\": \"s3cret-enough\"}");
        assertThat(signUp.statusCode()).isEqualTo(201);
        String userId = field(signUp.body(), "userId");
        assertThat(signUp.headers().firstValue("Location")).hasValue("/api/v1/users/" + userId);

        String customer = login("ada@example.com", "s3cret-enough");
        HttpResponse<String> deposit = api.post(
                "/api/v1/accounts/" + userId + "/deposits",
                customer,
                "{\"amount\": {\"amount\": \"100.00\", \"currency\": \"EUR\"}}");
        assertThat(deposit.statusCode()).isEqualTo(200);
        assertThat(deposit.body()).contains("\"balance\":{\"amount\":\"100.00\",\"currency\":\"EUR\"}");
        assertNamesItsStoredEvent(deposit, "MoneyDeposited", "100.00");
        HttpResponse<String> second = api.post(
                "/api/v1/accounts/" + userId + "/deposits",
                customer,
                "{\"amount\": {\"amount\": \"2.50\", \"currency\": \"EUR\"}}");
        assertThat(second.body()).contains("\"balance\":{\"amount\":\"102.50\",\"currency\":\"EUR\"}");
        assertNamesItsStoredEvent(second, "MoneyDeposited", "102.50");

        String admin = login("ops@example.com", "correct horse battery");
        HttpResponse<String> product = api.post(
                "/api/v1/products",
                admin,
                "{\"sku\": \"TEA-1\", \"name\": \"Teapot\", \"initialStock\": 5, "
                        + "\"price\": {\"amount\": \"12.50\", \"currency\": \"EUR\"}}");
        assertThat(product.statusCode()).isEqualTo(201);
        String productId = field(product.body(), "productId");

        HttpResponse<String> order = api.post("/api/v1/orders", customer, """
                {"lines": [{"productId": "%s", "quantity": 3}],
                 "shippingAddress": {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                """.formatted(productId));
        assertThat(order.statusCode()).isEqualTo(202);
        assertThat(order.body()).contains("\"status\":\"PENDING\"");
        String orderId = field(order.body(), "orderId");
        assertNamesItsStoredEvent(order, "OrderPlaced", orderId);
        String placed = jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry "
                        + "WHERE aggregateidentifier = ? AND sequencenumber = 0",
                String.class,
                orderId);
        assertThat(placed).contains("\"amount\":37.50").contains(userId);
    }

    /**
     * The answer's position and version (returned by the append, not read back) are those of the event the command
     * stored.
     */
    private void assertNamesItsStoredEvent(HttpResponse<String> response, String eventType, String payloadText) {
        long position = Long.parseLong(
                response.headers().firstValue("X-Ledgerline-Position").orElseThrow());
        String version = response.headers().firstValue("ETag").orElseThrow();
        var stored = jdbc.queryForMap(
                "SELECT payloadtype, sequencenumber, convert_from(payload, 'UTF8') AS payload FROM domainevententry "
                        + "WHERE globalindex = ?",
                position);
        assertThat(stored.get("payloadtype").toString()).endsWith(eventType);
        assertThat(version).isEqualTo("\"" + stored.get("sequencenumber") + "\"");
        assertThat(stored.get("payload").toString()).contains(payloadText);
    }

    @Test
    void wrong_credentials_are_401_and_say_nothing_about_which_part_was_wrong() {
        signUp("bob@example.com", "bob-password");
        HttpResponse<String> wrongPassword =
                api.post("/api/v1/auth/token", null, "{\"email\": \"bob@example.com\", \"password\": \"nope-nope\"}");
        HttpResponse<String> unknownUser = api.post(
                "/api/v1/auth/token", null, "{\"email\": \"nobody@example.com\", \"password\": \"nope-nope\"}");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).contains("Wrong e-mail or password");
        assertThat(unknownUser.body()).contains("Wrong e-mail or password");
    }

    @Test
    void an_email_already_used_is_409_and_no_password_is_ever_stored_in_events() {
        signUp("carol@example.com", "carol-password");
        HttpResponse<String> again = api.post(
                "/api/v1/users",
                null,
                "{\"email\": \"CAROL@example.com\", \"name\": \"C2\", " + "\"password\": \"other-password\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        List<String> payloads =
                jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry", String.class);
        assertThat(payloads).noneMatch(p -> p.contains("carol-password") || p.contains("$2a$"));
    }

    @Test
    void a_customer_cannot_touch_another_customers_account_or_profile() {
        String alice = signUp("alice@example.com", "alice-password");
        String mallory = signUp("mallory@example.com", "mallory-password");
        String malloryToken = login("mallory@example.com", "mallory-password");
        HttpResponse<String> deposit = api.post(
                "/api/v1/accounts/" + alice + "/deposits",
                malloryToken,
                "{\"amount\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}");
        assertThat(deposit.statusCode()).isEqualTo(404);
        HttpResponse<String> profile =
                api.post("/api/v1/users/" + alice + "/profile", malloryToken, "{\"name\": \"pwned\"}");
        assertThat(profile.statusCode()).isEqualTo(404);
        HttpResponse<String> roles =
                api.post("/api/v1/users/" + mallory + "/roles", malloryToken, "{\"role\": \"ADMIN\"}");
        assertThat(roles.statusCode()).isEqualTo(403);
    }

    @Test
    void every_command_endpoint_wants_a_token() {
        String id = UUID.randomUUID().toString();
        for (String path : List.of(
                "/api/v1/users/" + id + "/profile",
                "/api/v1/users/" + id + "/roles",
                "/api/v1/accounts/" + id + "/deposits",
                "/api/v1/products",
                "/api/v1/products/" + id + "/price",
                "/api/v1/products/" + id + "/stock",
                "/api/v1/orders",
                "/api/v1/orders/" + id + "/cancel",
                "/api/v1/orders/" + id + "/ship",
                "/api/v1/orders/" + id + "/deliver")) {
            assertThat(api.post(path, null, "{}").statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void admin_only_endpoints_refuse_a_customer_with_403() {
        signUp("dave@example.com", "dave-password");
        String customer = login("dave@example.com", "dave-password");
        String id = UUID.randomUUID().toString();
        Map<String, String> adminOnly = Map.of(
                "/api/v1/users/" + id + "/roles",
                "{\"role\": \"ADMIN\"}",
                "/api/v1/products",
                "{\"sku\": \"X\", \"name\": \"X\", \"initialStock\": 1, "
                        + "\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}",
                "/api/v1/products/" + id + "/price",
                "{\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}",
                "/api/v1/products/" + id + "/stock",
                "{\"quantity\": 1}",
                "/api/v1/orders/" + id + "/ship",
                "{\"trackingNumber\": \"T-1\"}",
                "/api/v1/orders/" + id + "/deliver",
                "{}");
        adminOnly.forEach((path, body) ->
                assertThat(api.post(path, customer, body).statusCode()).as(path).isEqualTo(403));
    }

    @Test
    void shipping_a_pending_order_is_a_409_problem_not_a_500() {
        String admin = login("ops@example.com", "correct horse battery");
        String productId = field(
                api.post(
                                "/api/v1/products",
                                admin,
                                "{\"sku\": \"CUP-9\", \"name\": \"Cup\", \"initialStock\": 2, "
                                        + "\"price\": {\"amount\": \"2.00\", \"currency\": \"EUR\"}}")
                        .body(),
                "productId");
        signUp("erin@example.com", "erin-password");
        String customer = login("erin@example.com", "erin-password");
        String orderId = field(
                api.post("/api/v1/orders", customer, """
                {"lines": [{"productId": "%s", "quantity": 1}],
                 "shippingAddress": {"line1": "2 Side St", "city": "Paris", "postalCode": "75001", "country": "FR"}}
                """.formatted(productId)).body(), "orderId");
        HttpResponse<String> ship =
                api.post("/api/v1/orders/" + orderId + "/ship", admin, "{\"trackingNumber\": \"TRACK-1\"}");
        assertThat(ship.statusCode()).isEqualTo(409);
        assertThat(ship.body()).contains("\"currentState\":\"PENDING\"");

        HttpResponse<String> otherCustomer = api.post(
                "/api/v1/orders/" + orderId + "/cancel",
                api.tokenFor(UUID.randomUUID(), "CUSTOMER"),
                "{\"reason\": \"mine now\"}");
        assertThat(otherCustomer.statusCode()).isEqualTo(404);
    }

    @Test
    void an_order_for_an_unknown_product_or_with_a_bad_address_is_400() {
        signUp("fay@example.com", "fay-password");
        String customer = login("fay@example.com", "fay-password");
        HttpResponse<String> unknown = api.post("/api/v1/orders", customer, """
                {"lines": [{"productId": "%s", "quantity": 1}],
                 "shippingAddress": {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                """.formatted(UUID.randomUUID()));
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> badAddress = api.post("/api/v1/orders", customer, """
                {"lines": [{"productId": "%s", "quantity": 0}], "shippingAddress": {"city": "Berlin"}}
                """.formatted(UUID.randomUUID()));
        assertThat(badAddress.statusCode()).isEqualTo(400);
        assertThat(badAddress.body()).contains("lines[0].quantity").contains("shippingAddress.line1");
    }

    private String signUp(String email, String password) {
        HttpResponse<String> response = api.post(
                "/api/v1/users",
                null,
                "{\"email\": \"%s\", \"name\": \"N\", \"password\": \"%s\"}".formatted(email, password));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return field(response.body(), "userId");
    }

    private String login(String email, String password) {
        HttpResponse<String> response = api.post(
                "/api/v1/auth/token", null, "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, password));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"tokenType\":\"Bearer\"");
        return field(response.body(), "accessToken");
    }

    static String field(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }
}
