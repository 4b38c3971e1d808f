package org.ledgerline.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The read side under load: {@code GET /api/v1/orders?limit=50} latency with N clients over a few thousand orders,
 * and live projection lag (a placed order until the read model shows it). Not part of {@code bin/test}: run
 * {@code bin/bench-queries [clients] [seconds]}.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.rate-limit.commands-per-second=0",
            "ledgerline.admin.email=",
            "logging.level.org.ledgerline=WARN"
        })
class OrderQueryBenchmark {

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    CommandGateway commands;

    @Test
    void query_latency_and_projection_lag() throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        int seconds = Integer.getInteger("bench.seconds", 15);
        ApiClient api = new ApiClient(port, tokens);
        ProductId product = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(product, "QB-1", "Bench", Money.of("9.99", "EUR"), 1_000_000));
        UUID customerId = UUID.randomUUID();
        String customer = api.tokenFor(customerId, "CUSTOMER");
        ShippingAddress address = new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE");
        for (int i = 0; i < 3000; i++) {
            commands.sendAndWait(new PlaceOrder(
                    new OrderId(UUID.randomUUID()),
                    customerId,
                    List.of(new RequestedLine(product.value(), 1)),
                    address));
        }

        // Live projection lag: from the 202 of POST /orders until GET shows the order (read-your-writes wait).
        Histogram lag = new Histogram(3);
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> placed = api.post("/api/v1/orders", customer, """
                    {"lines": [{"productId": "%s", "quantity": 1}], "shippingAddress":
                     {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                    """.formatted(product));
            long accepted = System.nanoTime();
            String orderId = placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> seen = api.get(
                    "/api/v1/orders/" + orderId,
                    customer,
                    Map.of(
                            "X-Ledgerline-Min-Position",
                            placed.headers().firstValue("X-Ledgerline-Position").orElseThrow()));
            assertThat(seen.statusCode()).isEqualTo(200);
            lag.recordValue(System.nanoTime() - accepted);
        }

        ClosedLoop.Result result = ClosedLoop.run(
                clients,
                Duration.ofSeconds(seconds),
                client -> api.get("/api/v1/orders?limit=50", customer).statusCode() == 200);
        System.out.printf(
                "%nlive projection lag (POST /orders 202 -> visible in GET), 300 orders: p50 %.1f ms  "
                        + "p99 %.1f ms  max %.1f ms%n",
                lag.getValueAtPercentile(50) / 1e6, lag.getValueAtPercentile(99) / 1e6, lag.getMaxValue() / 1e6);
        System.out.printf(
                "GET /api/v1/orders?limit=50 over 3300 orders, %d clients, %d s: %.0f req/s, "
                        + "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms, errors %d%n%n",
                clients,
                seconds,
                result.calls() / (double) seconds,
                result.ms(50),
                result.ms(90),
                result.ms(99),
                result.latency().getMaxValue() / 1e6,
                result.failed());
        assertThat(result.failed()).isZero();
    }
}
