package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.ledgerline.http.MoneyBody;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input changes nothing and is a 400 problem naming the field: text with control characters (PostgreSQL cannot
 * store NUL; a name with NUL was once answered 201 with nothing stored), amounts no money column holds or above the
 * configured maximum (a deposit of 1e400 once stopped the accounts read model), whole numbers given as fractions or
 * strings (a quantity of 1.5 was once stored as 1). The event store's head is the same after every refusal.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.money.max-amount=5000.00")
class BadInputIT extends PlatformApiTest {

    @Autowired
    JsonMapper json;

    @Test
    void a_product_name_with_nul_is_refused_and_nothing_is_stored() {
        assertRefused(() -> api.post("/api/v1/products", admin, product("NUL-1", "a\\u0000b", "\"12.50\"")), "name");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"1e400\"          | price.amount",
                "1e400              | price.amount",
                "\"1e20\"           | price.amount",
                "\"1E-400\"         | price.amount",
                "\"5000.01\"        | price.amount",
                "\"-5000.01\"       | price.amount",
                "\"12.00001\"       | price.amount"
            })
    void a_price_no_money_column_holds_or_above_the_maximum_is_refused(String amount, String field) {
        assertRefused(
                () -> api.post("/api/v1/products", admin, product("P-" + UUID.randomUUID(), "Mug", amount)), field);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"\"Infinity\"", "\"NaN\"", "\"-Infinity\"", "Infinity", "NaN", "\"12,50\""})
    void a_price_that_is_no_number_is_a_400(String amount) {
        long head = head();
        HttpResponse<String> response = api.post("/api/v1/products", admin, product("N-1", "Mug", amount));
        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response);
        assertThat(head()).isEqualTo(head);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"\"1e400\"", "\"1e20\"", "\"5000.01\""})
    void a_deposit_no_money_column_holds_or_above_the_maximum_is_refused(String amount) {
        UUID user = UUID.randomUUID();
        assertRefused(
                () -> api.post(
                        "/api/v1/accounts/" + user + "/deposits",
                        api.tokenFor(user, "CUSTOMER"),
                        "{\"amount\": {\"amount\": " + amount + ", \"currency\": \"EUR\"}}"),
                "amount.amount");
    }

    @Test
    void the_maximum_amount_itself_is_taken() {
        HttpResponse<String> response = api.post("/api/v1/products", admin, product("MAX-1", "Mug", "\"5000.00\""));
        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void a_json_number_amount_is_read_from_its_text_never_through_a_double() {
        MoneyBody body = json.readValue("{\"amount\": 0.1000, \"currency\": \"EUR\"}", MoneyBody.class);
        assertThat(body.amount()).isEqualTo(new BigDecimal("0.1000"));
        MoneyBody large = json.readValue("{\"amount\": 999999999999999.99, \"currency\": \"EUR\"}", MoneyBody.class);
        assertThat(large.amount().toPlainString()).isEqualTo("999999999999999.99");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"1.5", "1.0", "\"2\"", "1e2"})
    void an_order_quantity_that_is_no_whole_number_is_refused(String quantity) {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        assertMalformedField(
                () -> api.post("/api/v1/orders", customer, """
                {"lines": [{"productId": "%s", "quantity": %s}],
                 "shippingAddress": {"line1": "1 Main St", "city": "Springfield", "postalCode": "12345",
                                     "country": "DE"}}""".formatted(UUID.randomUUID(), quantity)),
                "lines[0].quantity");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"1.5", "\"3\""})
    void added_stock_that_is_no_whole_number_is_refused(String quantity) {
        assertMalformedField(
                () -> api.post(
                        "/api/v1/products/" + UUID.randomUUID() + "/stock", admin, "{\"quantity\": " + quantity + "}"),
                "quantity");
    }

    /** Each command body's text fields: path, body, the field that holds the character. */
    static Stream<Arguments> textWithControlCharacters() {
        String order = """
                {"lines": [{"productId": "{id}", "quantity": 1}],
                 "shippingAddress": {"line1": "1 Main\\rSt", "city": "X", "postalCode": "1", "country": "DE"}}""";
        return Stream.of(
                arguments(
                        "/api/v1/users",
                        "{\"email\": \"a@example.com\", \"name\": \"Ann\\nLee\", \"password\": \"long-enough\"}",
                        "name"),
                arguments(
                        "/api/v1/users",
                        "{\"email\": \"a\\u0000@example.com\", \"name\": \"Ann\", \"password\": \"long-enough\"}",
                        "email"),
                arguments(
                        "/api/v1/users",
                        "{\"email\": \"b@example.com\", \"name\": \"Ann\", \"password\": \"long\\u0000enough\"}",
                        "password"),
                arguments("/api/v1/users/{id}/profile", "{\"name\": \"Ann\\u0085\"}", "name"),
                arguments("/api/v1/orders/{id}/cancel", "{\"reason\": \"changed\\tmind\"}", "reason"),
                arguments("/api/v1/orders/{id}/ship", "{\"trackingNumber\": \"TN\\u007f1\"}", "trackingNumber"),
                arguments("/api/v1/orders", order, "shippingAddress.line1"),
                arguments(
                        "/api/v1/products",
                        "{\"sku\": \"S\\u0001\", \"name\":\"Mug\",\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}",
                        "sku"),
                arguments(
                        "/api/v1/products",
                        "{\"sku\": \"S\", \"name\": \"Mug\",\"price\": {\"amount\": 1,\"currency\": \"E\\u0000R\"}}",
                        "price.currency"),
                arguments(
                        "/api/v1/auth/token",
                        "{\"email\": \"a@example.com\", \"password\": \"x\\ud800y\"}",
                        "password"));
    }

    @ParameterizedTest
    @MethodSource("textWithControlCharacters")
    void text_with_control_characters_is_refused_in_every_command_body(String path, String body, String field) {
        String id = UUID.randomUUID().toString();
        assertRefused(() -> api.post(path.replace("{id}", id), admin, body.replace("{id}", id)), field);
    }

    @ParameterizedTest
    @CsvSource({"73, x", "25, €"})
    void a_password_longer_than_bcrypt_takes_is_a_400_at_sign_up_and_at_login(int times, String character) {
        String password = character.repeat(times); // 73 bytes, or 75 bytes in 25 characters
        assertRefused(() -> api.post("/api/v1/users", null, """
                {"email": "long@example.com", "name": "Ann", "password": "%s"}""".formatted(password)), "password");
        assertRefused(() -> api.post("/api/v1/auth/token", null, """
                {"email": "long@example.com", "password": "%s"}""".formatted(password)), "password");
    }

    @ParameterizedTest
    @CsvSource({
        "/api/v1/products?q=a%00b, q", "/api/v1/admin/audit?actor=a%0Ab, actor",
        "/api/v1/admin/events?aggregateId=a%00b, aggregateId", "/api/v1/admin/events?type=%7F, type"
    })
    void a_query_parameter_with_control_characters_is_a_400_not_a_500(String path, String parameter) {
        HttpResponse<String> response = api.get(path, admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertProblem(response);
        assertThat(response.body()).contains("\"field\":\"" + parameter + "\"");
    }

    @Test
    void text_in_other_scripts_and_emoji_is_taken() {
        HttpResponse<String> response =
                api.post("/api/v1/products", admin, product("UNI-1", "Grüner Becher 緑のマグ ☕ 🍵", "\"12.50\""));
        assertThat(response.statusCode()).isEqualTo(201);
    }

    private static String product(String sku, String name, String amount) {
        return """
               {"sku": "%s", "name": "%s", "price": {"amount": %s, "currency": "EUR"}}""".formatted(sku, name, amount);
    }

    /** A 400 problem listing the field among its errors, and nothing stored. */
    private void assertRefused(Supplier<HttpResponse<String>> request, String field) {
        long head = head();
        HttpResponse<String> response = request.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertProblem(response);
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
        assertThat(head()).isEqualTo(head);
    }

    /** A 400 problem saying which field of the body could not be read, and nothing stored. */
    private void assertMalformedField(Supplier<HttpResponse<String>> request, String field) {
        long head = head();
        HttpResponse<String> response = request.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertProblem(response);
        assertThat(response.body())
                .contains("Field '" + field + "': Cannot coerce")
                .doesNotContain("CoercionConfig"); // Jackson's advice is not the client's
        assertThat(head()).isEqualTo(head);
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private long head() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }
}
