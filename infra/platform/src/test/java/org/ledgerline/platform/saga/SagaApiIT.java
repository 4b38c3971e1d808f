package org.ledgerline.platform.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShipOrder;
import org.ledgerline.platform.web.PlatformApiTest;
import org.ledgerline.saga.order.SagaFixtures;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The saga admin API (docs/api.md, "Sagas") as the dashboard meets it. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"ledgerline.admin.email="})
class SagaApiIT extends PlatformApiTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Autowired
    CommandGateway commands;

    SagaFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new SagaFixtures(commands, jdbc);
    }

    @Test
    void the_list_shows_a_placed_orders_saga_with_its_ids_and_state() {
        UUID order = confirmedOrder();
        HttpResponse<String> list = api.get("/api/v1/sagas?state=RUNNING&limit=200", admin);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body())
                .contains("\"sagaId\":\"" + fixtures.sagaId(order) + "\"")
                .contains("\"orderId\":\"" + order + "\"")
                .contains("\"currentStep\":\"AWAIT_SHIPMENT\"")
                .doesNotContain("\"state\":\"COMPENSATED\"");
    }

    @Test
    void the_state_filter_keeps_only_sagas_in_that_state() {
        UUID rejected = rejectedOrder();
        UUID confirmed = confirmedOrder();
        HttpResponse<String> list = api.get("/api/v1/sagas?state=compensated", admin);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(rejected.toString()).doesNotContain(confirmed.toString());
    }

    @Test
    void older_than_keeps_only_sagas_started_longer_ago() {
        UUID order = confirmedOrder();
        assertThat(api.get("/api/v1/sagas?olderThan=PT1H", admin).body()).doesNotContain(order.toString());
        assertThat(api.get("/api/v1/sagas?olderThan=PT0S", admin).body()).contains(order.toString());
    }

    @Test
    void the_cursor_pages_through_sagas_newest_first_without_repeats() {
        UUID first = confirmedOrder();
        UUID second = confirmedOrder();
        HttpResponse<String> page1 = api.get("/api/v1/sagas?limit=1", admin);
        assertThat(page1.body()).contains(second.toString()).doesNotContain(first.toString());
        String cursor = page1.body().replaceAll(".*\"nextCursor\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> page2 = api.get("/api/v1/sagas?limit=1&cursor=" + cursor, admin);
        assertThat(page2.statusCode()).isEqualTo(200);
        assertThat(page2.body()).contains(first.toString()).doesNotContain(second.toString());
    }

    @Test
    void bad_list_parameters_are_400_problems_naming_the_parameter() {
        assertProblem(api.get("/api/v1/sagas?state=DANCING", admin), 400, "state");
        assertProblem(api.get("/api/v1/sagas?olderThan=five-minutes", admin), 400, "olderThan");
        assertProblem(api.get("/api/v1/sagas?cursor=not-a-cursor", admin), 400, "cursor");
        assertProblem(api.get("/api/v1/sagas?limit=0", admin), 400, "limit");
        assertProblem(api.get("/api/v1/sagas?limit=201", admin), 400, "limit");
        assertProblem(api.get("/api/v1/sagas?limit=ten", admin), 400, "limit");
    }

    @Test
    void counts_name_every_state() {
        confirmedOrder();
        HttpResponse<String> counts = api.get("/api/v1/sagas/counts", admin);
        assertThat(counts.statusCode()).isEqualTo(200);
        assertThat(counts.body())
                .contains(
                        "\"RUNNING\":",
                        "\"COMPENSATING\":",
                        "\"COMPLETED\":",
                        "\"COMPENSATED\":",
                        "\"FAILED\":",
                        "\"STUCK\":");
    }

    @Test
    void the_detail_lists_the_steps_in_the_order_they_happened() {
        UUID order = rejectedOrder();
        HttpResponse<String> detail = api.get("/api/v1/sagas/" + fixtures.sagaId(order), admin);
        assertThat(detail.statusCode()).isEqualTo(200);
        String body = detail.body();
        assertThat(body)
                .contains(
                        "\"state\":\"COMPENSATED\"",
                        "\"failure\":null",
                        "\"deadlines\":[]",
                        "{\"name\":\"REFUND_PAYMENT\",\"status\":\"SKIPPED\"",
                        "\"compensation\":true");
        String steps = body.substring(body.indexOf("\"steps\""));
        assertThat(steps.indexOf("\"RESERVE_STOCK\"")).as(body).isLessThan(steps.indexOf("\"CHARGE_PAYMENT\""));
        assertThat(steps.indexOf("\"CHARGE_PAYMENT\"")).as(body).isLessThan(steps.indexOf("\"REJECT_ORDER\""));
    }

    @Test
    void an_unknown_saga_is_404() {
        assertProblem(api.get("/api/v1/sagas/no-such-saga", admin), 404, "no-such-saga");
        assertProblem(api.post("/api/v1/sagas/no-such-saga/retry", admin, null), 404, "no-such-saga");
        assertProblem(api.post("/api/v1/sagas/no-such-saga/compensate", admin, null), 404, "no-such-saga");
    }

    @Test
    void retrying_a_completed_saga_is_409() {
        UUID order = confirmedOrder();
        commands.sendAndWait(new ShipOrder(new OrderId(order), "TRACK-1", null));
        await().atMost(BOUND).until(() -> "COMPLETED".equals(fixtures.sagaState(order)));
        assertProblem(api.post("/api/v1/sagas/" + fixtures.sagaId(order) + "/retry", admin, null), 409, "COMPLETED");
    }

    @Test
    void compensating_a_compensated_saga_is_409() {
        UUID order = rejectedOrder();
        assertProblem(
                api.post("/api/v1/sagas/" + fixtures.sagaId(order) + "/compensate", admin, null), 409, "COMPENSATED");
    }

    @Test
    void retrying_a_running_saga_is_accepted_recorded_as_an_event_and_audited() {
        UUID order = confirmedOrder();
        String sagaId = fixtures.sagaId(order);
        HttpResponse<String> retry = api.post("/api/v1/sagas/" + sagaId + "/retry", admin, null);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo("{\"sagaId\":\"" + sagaId + "\",\"action\":\"retry\"}");
        assertThat(fixtures.events("saga.SagaRetryRequested", order)).isEqualTo(1);
        assertThat(api.get("/api/v1/admin/audit?action=saga.retry", admin).body())
                .contains("\"target\":\"" + sagaId + "\"");
    }

    @Test
    void forcing_compensation_of_a_confirmed_order_cancels_refunds_and_releases_it() {
        UUID order = confirmedOrder();
        HttpResponse<String> compensate =
                api.post("/api/v1/sagas/" + fixtures.sagaId(order) + "/compensate", admin, null);
        assertThat(compensate.statusCode()).isEqualTo(202);
        await().atMost(BOUND).until(() -> "COMPENSATED".equals(fixtures.sagaState(order)));
        assertThat(fixtures.orderStatus(order)).isEqualTo("OrderCancelled");
        assertThat(fixtures.events("user.AccountRefunded", order)).isEqualTo(1);
        assertThat(fixtures.events("product.StockReservationReleased", order)).isEqualTo(1);
    }

    @Test
    void a_batch_reports_what_it_accepted_and_what_it_refused() {
        UUID running = confirmedOrder();
        UUID compensated = rejectedOrder();
        HttpResponse<String> batch = api.post(
                "/api/v1/sagas/batch", admin, """
                {"action": "retry", "sagaIds": ["%s", "%s", "nope"]}
                """.formatted(fixtures.sagaId(running), fixtures.sagaId(compensated)));
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.body())
                .contains(
                        "\"action\":\"retry\"",
                        "\"requested\":3",
                        "\"accepted\":1",
                        "{\"sagaId\":\"nope\",\"reason\":\"unknown saga\"}",
                        fixtures.sagaId(compensated));
    }

    @Test
    void a_batch_naming_a_null_or_blank_saga_id_is_400() {
        assertProblem(
                api.post("/api/v1/sagas/batch", admin, "{\"action\": \"retry\", \"sagaIds\": [null]}"), 400, "sagaIds");
        assertProblem(
                api.post("/api/v1/sagas/batch", admin, "{\"action\": \"retry\", \"sagaIds\": [\" \"]}"),
                400,
                "sagaIds");
    }

    @Test
    void a_batch_without_exactly_one_selector_or_with_an_unknown_action_is_400() {
        assertProblem(api.post("/api/v1/sagas/batch", admin, "{\"action\": \"retry\"}"), 400, "sagaIds");
        assertProblem(
                api.post(
                        "/api/v1/sagas/batch",
                        admin,
                        "{\"action\": \"retry\", \"sagaIds\": [], \"allInState\": \"FAILED\"}"),
                400,
                "allInState");
        assertProblem(
                api.post("/api/v1/sagas/batch", admin, "{\"action\": \"dance\", \"sagaIds\": []}"), 400, "action");
        assertProblem(
                api.post("/api/v1/sagas/batch", admin, "{\"action\": \"retry\", \"allInState\": \"DANCING\"}"),
                400,
                "allInState");
        String tooMany = Stream.generate(() -> "\"x\"")
                .limit(501)
                .reduce((a, b) -> a + "," + b)
                .orElseThrow();
        assertProblem(
                api.post("/api/v1/sagas/batch", admin, "{\"action\": \"retry\", \"sagaIds\": [" + tooMany + "]}"),
                400,
                "500");
    }

    @Test
    void a_customer_token_is_403_and_no_token_is_401() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        assertThat(api.get("/api/v1/sagas", customer).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/sagas/counts", customer).statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/sagas/x/retry", customer, null).statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/sagas", null).statusCode()).isEqualTo(401);
    }

    @Test
    void the_stream_sends_a_saga_event_when_a_saga_changes() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sagas/stream"))
                .header("Authorization", "Bearer " + admin)
                .GET()
                .build();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        CompletableFuture<String> firstSaga = CompletableFuture.supplyAsync(() -> stream.body()
                .dropWhile(line -> !line.startsWith("event:saga"))
                .skip(1)
                .findFirst()
                .orElseThrow());
        UUID order = confirmedOrder();
        String data = firstSaga.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(data).startsWith("data:").contains("\"orderId\":\"" + order + "\"");
        stream.body().close();
    }

    private UUID confirmedOrder() {
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));
        await().atMost(BOUND)
                .until(() -> "AWAIT_SHIPMENT"
                        .equals(jdbc
                                .queryForList(
                                        "SELECT current_step FROM saga_instances WHERE order_id = ?",
                                        String.class,
                                        order)
                                .stream()
                                .findFirst()
                                .orElse(null)));
        return order;
    }

    private UUID rejectedOrder() {
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("1.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));
        await().atMost(BOUND).until(() -> "COMPENSATED".equals(fixtures.sagaState(order)));
        return order;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String mentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains(mentions);
    }
}
