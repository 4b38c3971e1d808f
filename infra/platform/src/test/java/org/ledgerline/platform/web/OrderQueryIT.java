package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.saga.order.OrderSaga;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The orders query API: read-your-writes, who sees what, keyset pages. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.admin.email=")
class OrderQueryIT extends PlatformApiTest {

    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([0-9a-f-]{36})\"");

    @Autowired
    CommandGateway commands;

    @Autowired
    EventProcessingConfiguration processing;

    String productId;

    @BeforeEach
    void setUp() {
        HttpResponse<String> product = api.post(
                "/api/v1/products",
                admin,
                "{\"sku\": \"Q-" + UUID.randomUUID() + "\", \"name\": \"Kettle\", \"initialStock\": 100, "
                        + "\"price\": {\"amount\": \"20.00\", \"currency\": \"EUR\"}}");
        productId = CommandApiFlowIT.field(product.body(), "productId");
    }

    @Test
    void a_query_with_the_commands_position_sees_the_order_it_placed() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        HttpResponse<String> placed = place(customer, 2);
        String orderId = CommandApiFlowIT.field(placed.body(), "orderId");
        String position = placed.headers().firstValue("X-Ledgerline-Position").orElseThrow();

        HttpResponse<String> order =
                api.get("/api/v1/orders/" + orderId, customer, Map.of("X-Ledgerline-Min-Position", position));
        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(order.body())
                .contains("\"status\":\"PENDING\"")
                .contains("\"total\":{\"amount\":\"40.00\",\"currency\":\"EUR\"}")
                .contains("\"sku\":\"Q-")
                .contains("\"quantity\":2");
    }

    @Test
    void another_customers_order_is_404_and_an_admin_sees_it() {
        String owner = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        HttpResponse<String> placed = place(owner, 1);
        String orderId = CommandApiFlowIT.field(placed.body(), "orderId");
        String position = placed.headers().firstValue("X-Ledgerline-Position").orElseThrow();
        Map<String, String> wait = Map.of("X-Ledgerline-Min-Position", position);

        assertThat(api.get("/api/v1/orders/" + orderId, api.tokenFor(UUID.randomUUID(), "CUSTOMER"), wait)
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/orders/" + orderId, admin, wait).statusCode())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/orders/" + orderId, null, wait).statusCode())
                .isEqualTo(401);
    }

    @Test
    void pages_hold_every_order_once_newest_first() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        String position = null;
        List<String> placedIds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            HttpResponse<String> placed = place(customer, 1);
            placedIds.add(CommandApiFlowIT.field(placed.body(), "orderId"));
            position = placed.headers().firstValue("X-Ledgerline-Position").orElseThrow();
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = api.get(
                    "/api/v1/orders?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                    customer,
                    Map.of("X-Ledgerline-Min-Position", position));
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher ids = ORDER_ID.matcher(page.body());
            while (ids.find()) {
                seen.add(ids.group(1));
            }
            cursor = page.body().contains("\"nextCursor\":\"")
                    ? CommandApiFlowIT.field(page.body(), "nextCursor")
                    : null;
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(placedIds.reversed());
    }

    @Test
    void bad_query_parameters_are_400() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        assertThat(api.get("/api/v1/orders?limit=500", customer).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders?cursor=garbage", customer).statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/orders?status=LOST", customer).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders/not-a-uuid", customer).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/orders/" + UUID.randomUUID(), customer, Map.of("X-Ledgerline-Min-Position", "soon"))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void a_position_the_read_model_cannot_reach_in_time_is_503_with_retry_after() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        EventProcessor orders =
                processing.eventProcessorByProcessingGroup("orders").orElseThrow();
        orders.shutDown();
        try {
            // Stored while the orders read model stands still: a real position it cannot reach in time.
            HttpResponse<String> stored = api.post(
                    "/api/v1/products",
                    admin,
                    "{\"sku\": \"Q-" + UUID.randomUUID()
                            + "\", \"name\": \"Pot\", \"price\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}");
            String position =
                    stored.headers().firstValue("X-Ledgerline-Position").orElseThrow();

            HttpResponse<String> response = api.get(
                    "/api/v1/orders/" + UUID.randomUUID(), customer, Map.of("X-Ledgerline-Min-Position", position));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        } finally {
            orders.start();
        }
    }

    @Test
    void a_position_no_command_returned_is_400_not_a_wait() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        assertThat(api.get(
                                "/api/v1/orders/" + UUID.randomUUID(),
                                customer,
                                Map.of("X-Ledgerline-Min-Position", "999999999"))
                        .statusCode())
                .isEqualTo(400);
    }

    private HttpResponse<String> place(String customer, int quantity) {
        HttpResponse<String> placed = api.post("/api/v1/orders", customer, """
                {"lines": [{"productId": "%s", "quantity": %d}],
                 "shippingAddress": {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                """.formatted(productId, quantity));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        return placed;
    }

    @Test
    void a_client_following_an_order_sees_it_go_from_pending_to_confirmed() throws Exception {
        // The saga would answer this unfunded order itself (REJECTED) while the stream connects: held back, the
        // order stays PENDING until the test confirms it.
        EventProcessor saga =
                processing.eventProcessor(OrderSaga.PROCESSING_GROUP).orElseThrow();
        saga.shutDown();
        try {
            followsAnOrderFromPendingToConfirmed();
        } finally {
            saga.start();
        }
    }

    private void followsAnOrderFromPendingToConfirmed() throws Exception {
        UUID customerId = UUID.randomUUID();
        String customer = api.tokenFor(customerId, "CUSTOMER");
        HttpResponse<String> placed = place(customer, 1);
        String orderId = CommandApiFlowIT.field(placed.body(), "orderId");
        String position = placed.headers().firstValue("X-Ledgerline-Position").orElseThrow();
        assertThat(api.get("/api/v1/orders/" + orderId, customer, Map.of("X-Ledgerline-Min-Position", position))
                        .statusCode())
                .isEqualTo(200);

        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest follow = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/orders/" + orderId + "/events"))
                .header("Authorization", "Bearer " + customer)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient()
                .sendAsync(follow, HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("PENDING")));

        commands.sendAndWait(new ConfirmOrder(OrderId.of(orderId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("CONFIRMED")));
        stream.cancel(true);

        assertThat(api.get("/api/v1/orders/" + orderId + "/events", api.tokenFor(UUID.randomUUID(), "CUSTOMER"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void pages_stay_free_of_duplicates_and_gaps_while_new_orders_arrive() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        List<String> existing = new ArrayList<>();
        String position = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> placed = place(customer, 1);
            existing.add(CommandApiFlowIT.field(placed.body(), "orderId"));
            position = placed.headers().firstValue("X-Ledgerline-Position").orElseThrow();
        }
        Map<String, String> wait = Map.of("X-Ledgerline-Min-Position", position);
        HttpResponse<String> first = api.get("/api/v1/orders?limit=3", customer, wait);
        List<String> seen = new ArrayList<>(ids(first.body()));
        String cursor = CommandApiFlowIT.field(first.body(), "nextCursor");

        for (int i = 0; i < 3; i++) {
            place(customer, 1); // newer than everything already paged: must not shift later pages
        }
        HttpResponse<String> second = api.get("/api/v1/orders?limit=3&cursor=" + cursor, customer, wait);
        seen.addAll(ids(second.body()));

        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(existing.reversed());
    }

    private static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = ORDER_ID.matcher(body);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    /** Collects the lines of a server-sent event stream. */
    private record LineCollector(List<String> lines) implements java.util.concurrent.Flow.Subscriber<String> {

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
    }
}
