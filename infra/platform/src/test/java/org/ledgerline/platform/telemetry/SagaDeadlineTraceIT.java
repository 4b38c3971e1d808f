package org.ledgerline.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ledgerline.platform.telemetry.TelemetryIT.ancestors;
import static org.ledgerline.platform.telemetry.TelemetryIT.names;
import static org.ledgerline.platform.telemetry.TelemetryIT.one;
import static org.ledgerline.platform.telemetry.TelemetryIT.traceOfRequest;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.saga.order.SagaCommands;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A step timeout is part of the order's trace: the saga's stock reservation is never answered (its commands are
 * lost), the step's deadline fires a few seconds later on db-scheduler's thread, and that firing, the saga's timeout
 * handling and the compensation it sends are all beneath the request that placed the order.
 */
@LedgerlineIntegrationTest(
        classes = {LedgerlinePlatform.class, TelemetryIT.RecordedSpans.class, SagaDeadlineTraceIT.LostReservations.class
        },
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.replication.topic-prefix=deadline-trace",
            "ledgerline.saga.timeouts.reserve-stock=PT2S",
            "db-scheduler.polling-interval=PT0.5S"
        })
class SagaDeadlineTraceIT {

    private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("ledgerline.order.id");

    /** Not a @Configuration: only this test's context takes it (the platform scans org.ledgerline). */
    static class LostReservations {

        @Bean
        @Primary
        SagaCommands losingReservations(@Qualifier("sagaCommands") SagaCommands real) {
            return command -> {
                if (!(command instanceof ReserveStock)) {
                    real.send(command);
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    InMemorySpanExporter spans;

    @Test
    void a_step_timeout_firing_is_in_the_orders_trace_beneath_the_saga_that_scheduled_it() {
        ApiClient api = new ApiClient(port, tokens);
        String productId = field(
                api.post(
                                "/api/v1/products",
                                api.adminToken(),
                                "{\"sku\": \"LATE-1\", \"name\": \"Kettle\", \"initialStock\": 5, "
                                        + "\"price\": {\"amount\": \"9.00\", \"currency\": \"EUR\"}}")
                        .body(),
                "productId");
        String requestId = "deadline-trace-" + UUID.randomUUID();
        HttpResponse<String> order = api.post(
                "/api/v1/orders",
                api.tokenFor(UUID.randomUUID(), "CUSTOMER"),
                """
                {"lines": [{"productId": "%s", "quantity": 1}],
                 "shippingAddress": {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                """.formatted(productId),
                Map.of("X-Request-Id", requestId));
        assertThat(order.statusCode()).isEqualTo(202);
        String orderId = field(order.body(), "orderId");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<SpanData> trace = traceOfRequest(spans.getFinishedSpanItems(), requestId);
            String names = names(trace);
            SpanData http = one(
                    trace, s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /api/v1/orders"), names);
            SpanData placed = one(trace, s -> s.getName().startsWith("OrderSaga.on(OrderPlaced"), names);
            SpanData scheduled = one(trace, s -> s.getName().startsWith("DeadlineManager.scheduleDeadline("), names);
            SpanData fired = one(trace, s -> s.getName().startsWith("DeadlineManager.executeDeadline("), names);
            SpanData timedOut = one(trace, s -> s.getName().startsWith("OrderSaga.on(StepTimeout"), names);
            SpanData failedStep = one(
                    trace,
                    s -> s.getName().equals("saga RESERVE_STOCK")
                            && "FAILED"
                                    .equals(s.getAttributes()
                                            .get(AttributeKey.stringKey("ledgerline.saga.step.status"))),
                    names);
            SpanData reject = one(trace, s -> s.getName().equals("CommandBus.handleCommand(RejectOrder)"), names);

            assertThat(ancestors(trace, scheduled)).as(names).contains(placed.getSpanId());
            assertThat(fired.getParentSpanId()).as(names).isEqualTo(scheduled.getSpanId());
            assertThat(ancestors(trace, timedOut)).as(names).contains(fired.getSpanId());
            assertThat(ancestors(trace, failedStep)).as(names).contains(timedOut.getSpanId());
            assertThat(ancestors(trace, reject)).as(names).contains(timedOut.getSpanId());
            for (SpanData span : List.of(fired, timedOut, failedStep, reject)) {
                assertThat(ancestors(trace, span))
                        .as("%s reaches the request\n%s", span.getName(), names)
                        .endsWith(http.getSpanId());
            }
            assertThat(failedStep.getAttributes().get(ORDER_ID)).isEqualTo(orderId);
            assertThat(reject.getAttributes().get(ORDER_ID)).isEqualTo(orderId);
        });
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }
}
