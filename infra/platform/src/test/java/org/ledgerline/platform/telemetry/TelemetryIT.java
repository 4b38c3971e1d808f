package org.ledgerline.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.kernel.Money;
import org.ledgerline.platform.logging.JsonLogFormat;
import org.ledgerline.platform.logging.MaskedMessageConverter;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.UserId;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** One order followed through the platform: request ids, one trace, the metrics an operator scrapes, clean logs. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"ledgerline.replication.topic-prefix=telemetry", "ledgerline.metrics.processor-interval=300ms"})
@Import(TelemetryIT.RecordedSpans.class)
class TelemetryIT {

    private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("ledgerline.order.id");

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordedSpans {

        @Bean
        InMemorySpanExporter spanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean
        OpenTelemetry openTelemetry(InMemorySpanExporter exporter) {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                            .build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .build();
        }
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port, tokens);
    }

    @Test
    void a_clients_request_id_comes_back_and_a_missing_or_malformed_one_is_generated() {
        HttpResponse<String> given = api.get(
                "/api/v1/products", api.tokenFor(UUID.randomUUID(), "CUSTOMER"), Map.of("X-Request-Id", "req-42.abc"));
        HttpResponse<String> missing = api.get("/api/v1/products", null);
        HttpResponse<String> malformed = api.get("/api/v1/products", null, Map.of("X-Request-Id", "no spaces <b>"));

        assertThat(given.headers().firstValue("X-Request-Id")).hasValue("req-42.abc");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(UUID.fromString(id)).isNotNull());
        assertThat(malformed.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(
                        id -> assertThat(id).isNotEqualTo("no spaces <b>").hasSize(36));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(spans.getFinishedSpanItems()).anySatisfy(span -> {
                    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                    assertThat(span.getAttributes().get(AttributeKey.stringKey("ledgerline.request.id")))
                            .isEqualTo("req-42.abc");
                    assertThat(span.getName()).isEqualTo("GET /api/v1/products");
                    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                            .isEqualTo(200L);
                }));
    }

    @Test
    void placing_an_order_is_one_trace_from_http_through_kafka_projector_saga_steps_and_saga_commands() {
        String admin = api.adminToken();
        String productId = field(
                api.post(
                                "/api/v1/products",
                                admin,
                                "{\"sku\": \"TRACE-1\", \"name\": \"Kettle\", \"initialStock\": 5, "
                                        + "\"price\": {\"amount\": \"9.00\", \"currency\": \"EUR\"}}")
                        .body(),
                "productId");
        UUID customer = UUID.randomUUID();
        commands.sendAndWait(new DepositMoney(new UserId(customer), Money.of("50.00", "EUR")));
        String requestId = "order-trace-" + UUID.randomUUID();
        HttpResponse<String> order = api.post(
                "/api/v1/orders",
                api.tokenFor(customer, "CUSTOMER"),
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
            SpanData handle = one(
                    trace, s -> s.getName().contains("handle") && s.getName().contains("PlaceOrder"), names);
            SpanData append = one(
                    trace, s -> s.getName().equals("INSERT domainevententry") && s.getKind() == SpanKind.CLIENT, names);
            SpanData publish = one(
                    trace,
                    s -> s.getKind() == SpanKind.PRODUCER && s.getName().equals("publish telemetry.order.events"),
                    names);
            SpanData projectorHandler =
                    one(trace, s -> s.getName().startsWith("OrdersProjector.on(OrderPlaced"), names);
            SpanData projector = trace.stream()
                    .filter(s -> s.getSpanId().equals(projectorHandler.getParentSpanId()))
                    .findFirst()
                    .orElseThrow();

            assertThat(http.getParentSpanContext().isValid())
                    .as("the request starts the trace")
                    .isFalse();
            assertThat(ancestors(trace, handle)).as(names).contains(http.getSpanId());
            assertThat(ancestors(trace, append)).as(names).contains(handle.getSpanId());
            assertThat(ancestors(trace, publish)).as(names).contains(handle.getSpanId());
            assertThat(projector.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(ancestors(trace, projector)).as(names).contains(handle.getSpanId());
            assertThat(append.getAttributes().get(AttributeKey.stringKey("db.system.name")))
                    .isEqualTo("postgresql");
            assertThat(append.getAttributes().get(AttributeKey.stringKey("ledgerline.aggregate.id")))
                    .isEqualTo(orderId);
            assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.system")))
                    .isEqualTo("kafka");
            assertThat(projector.getAttributes().get(ORDER_ID)).isEqualTo(orderId);
            assertThat(projector.getAttributes().get(AttributeKey.stringKey("ledgerline.event.type")))
                    .isEqualTo("OrderPlaced");

            // The saga: each handling causes the next command, whose events cause the next handling.
            SagaTrace saga = new SagaTrace(trace, names);
            SpanData placed = saga.handling("OrderPlaced");
            assertThat(ancestors(trace, placed)).as(names).contains(handle.getSpanId());
            SpanData reserve = saga.command("ReserveStock", placed);
            SpanData reserved = saga.handling("StockReserved");
            assertThat(ancestors(trace, reserved)).as(names).contains(reserve.getSpanId());
            SpanData charge = saga.command("ChargeForOrder", reserved);
            SpanData charged = saga.handling("AccountCharged");
            assertThat(ancestors(trace, charged)).as(names).contains(charge.getSpanId());
            SpanData confirm = saga.command("ConfirmOrder", charged);
            SpanData confirmed = saga.handling("OrderConfirmed");
            assertThat(ancestors(trace, confirmed)).as(names).contains(confirm.getSpanId());
            SpanData reservedStep = saga.step("RESERVE_STOCK", "DONE");
            SpanData chargedStep = saga.step("CHARGE_PAYMENT", "DONE");
            SpanData confirmedStep = saga.step("CONFIRM_ORDER", "DONE");
            assertThat(ancestors(trace, reservedStep)).as(names).contains(reserved.getSpanId());
            assertThat(ancestors(trace, chargedStep)).as(names).contains(charged.getSpanId());
            assertThat(ancestors(trace, confirmedStep)).as(names).contains(confirmed.getSpanId());
            for (SpanData span : List.of(reserve, reserved, charge, charged, confirm, confirmed, confirmedStep)) {
                assertThat(ancestors(trace, span))
                        .as("%s reaches the request\n%s", span.getName(), names)
                        .endsWith(http.getSpanId());
            }
            for (SpanData span : List.of(reserve, charge, confirm, reservedStep, chargedStep, confirmedStep)) {
                assertThat(span.getAttributes().get(ORDER_ID))
                        .as(span.getName())
                        .isEqualTo(orderId);
            }
        });
        // The saga's commands carry the order's request id too, so the events they cause (and every log line of
        // their handlers) name the request that placed the order.
        assertThat(eventStore
                        .readEvents(orderId)
                        .asStream()
                        .filter(event -> event.getPayloadType().getSimpleName().equals("OrderConfirmed"))
                        .map(event -> event.getMetaData().get("requestId")))
                .containsExactly(requestId);
    }

    @Test
    void a_scrape_after_some_traffic_has_command_event_processor_replication_saga_and_http_metrics() {
        String admin = api.adminToken();
        api.post(
                "/api/v1/products",
                admin,
                "{\"sku\": \"METRIC-1\", \"name\": \"Mug\", \"initialStock\": 3, "
                        + "\"price\": {\"amount\": \"3.00\", \"currency\": \"EUR\"}}");
        api.post(
                "/api/v1/products",
                admin,
                "{\"sku\": \"METRIC-1\", \"name\": \"Mug\", \"initialStock\": 3, "
                        + "\"price\": {\"amount\": \"3.00\", \"currency\": \"EUR\"}}"); // the same SKU again: rejected
        String mug = "{\"sku\": \"METRIC-2\", \"name\": \"Mug\", \"initialStock\": 3, "
                + "\"price\": {\"amount\": \"3.00\", \"currency\": \"EUR\"}}";
        String productId = field(
                api.post("/api/v1/products", admin, mug, Map.of("Idempotency-Key", "metric-2"))
                        .body(),
                "productId");
        assertThat(api.post("/api/v1/products", admin, mug, Map.of("Idempotency-Key", "metric-2"))
                        .statusCode())
                .isEqualTo(201); // replayed from the idempotency store
        // A customer without money: the saga reserves, is declined and compensates.
        assertThat(api.post("/api/v1/orders", api.tokenFor(UUID.randomUUID(), "CUSTOMER"), """
                {"lines": [{"productId": "%s", "quantity": 1}],
                 "shippingAddress": {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                """.formatted(productId))
                        .statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> scrape = new ApiClient(managementPort, tokens).get("/actuator/prometheus", null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            String body = scrape.body();
            assertThat(value(
                            body,
                            "ledgerline_commands_seconds_count",
                            "command=\"CreateProduct\"",
                            "outcome=\"success\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(
                            body,
                            "ledgerline_commands_seconds_count",
                            "command=\"CreateProduct\"",
                            "outcome=\"rejected\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(body).contains("ledgerline_commands_seconds_bucket{");
            assertThat(value(body, "ledgerline_events_appended_total", "type=\"ProductCreated\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(body, "ledgerline_processor_lag_events", "processor=\"read-models\""))
                    .isZero();
            assertThat(value(body, "ledgerline_processor_position", "processor=\"read-models\""))
                    .isPositive();
            assertThat(value(body, "ledgerline_processor_dead_letters", "processor=\"kafka-replicator\""))
                    .isZero();
            assertThat(value(body, "ledgerline_processor_lag_seconds", "processor=\"read-models\""))
                    .isZero();
            assertThat(value(body, "ledgerline_processor_running", "processor=\"kafka-replicator\""))
                    .isOne();
            assertThat(value(body, "ledgerline_replication_lag_events")).isGreaterThanOrEqualTo(0);
            assertThat(value(body, "ledgerline_replication_records_total")).isGreaterThanOrEqualTo(1);
            assertThat(value(body, "http_server_requests_seconds_count", "uri=\"/api/v1/products\""))
                    .isGreaterThanOrEqualTo(2);
            assertThat(body)
                    .contains("http_server_requests_seconds_bucket{")
                    .contains("jvm_memory_used_bytes{")
                    .contains("hikaricp_connections_active{");
            assertThat(value(body, "ledgerline_replication_lag_seconds")).isGreaterThanOrEqualTo(0);
            assertThat(value(body, "ledgerline_idempotency_requests_total", "outcome=\"replayed\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(body, "ledgerline_rate_limit_rejected_total")).isGreaterThanOrEqualTo(0);
            assertThat(value(body, "ledgerline_saga_instances", "state=\"COMPENSATED\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(body, "ledgerline_saga_instances", "state=\"STUCK\""))
                    .isZero();
            assertThat(value(
                            body,
                            "ledgerline_saga_step_duration_seconds_count",
                            "step=\"RESERVE_STOCK\"",
                            "outcome=\"DONE\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(
                            body,
                            "ledgerline_saga_step_duration_seconds_count",
                            "step=\"CHARGE_PAYMENT\"",
                            "outcome=\"FAILED\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(body, "ledgerline_saga_compensations_total")).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void a_sign_up_logs_no_raw_email_or_password_in_either_log_format() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        Logger ledgerline = (Logger) LoggerFactory.getLogger("org.ledgerline");
        ch.qos.logback.classic.Level before = ledgerline.getLevel();
        ledgerline.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            HttpResponse<String> signUp = api.post(
                    "/api/v1/users",
                    null,
                    "{\"email\": \"grace.hopper@example.com\", \"name\": \"Grace\", "
                            + "\"password\": \"cobol-forever-42\"}");
            assertThat(signUp.statusCode()).isEqualTo(201);
            HttpResponse<String> again = api.post(
                    "/api/v1/users",
                    null,
                    "{\"email\": \"grace.hopper@example.com\", \"name\": \"Grace\", "
                            + "\"password\": \"cobol-forever-42\"}");
            assertThat(again.statusCode()).isEqualTo(409);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> captured.list.stream()
                            .anyMatch(event -> event.getFormattedMessage().startsWith("POST /api/v1/users -> 409")));
        } finally {
            root.detachAppender(captured);
            ledgerline.setLevel(before);
        }

        PatternLayout plain = new PatternLayout();
        plain.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        plain.getInstanceConverterMap().put("m", MaskedMessageConverter::new);
        plain.setPattern("[%X{traceId:-},%X{spanId:-},%X{requestId:-}] %logger : %m%n");
        plain.start();
        JsonLogFormat json = new JsonLogFormat();
        List<String> lines = captured.list.stream()
                .flatMap(event -> java.util.stream.Stream.of(plain.doLayout(event), json.format(event)))
                .toList();
        assertThat(lines)
                .isNotEmpty()
                .noneMatch(line -> line.contains("grace.hopper@example.com"))
                .noneMatch(line -> line.contains("cobol-forever-42"));
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .contains("POST /api/v1/users -> 201")
                        .containsPattern("\\[[0-9a-f]{32},[0-9a-f]{16},"));
        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(line).contains("\"request_id\":\"").contains("\"trace_id\":\""));
    }

    /** The spans of the trace whose HTTP request carried the given {@code X-Request-Id}. */
    static List<SpanData> traceOfRequest(List<SpanData> all, String requestId) {
        Optional<String> traceId = all.stream()
                .filter(span -> span.getKind() == SpanKind.SERVER
                        && requestId.equals(span.getAttributes().get(AttributeKey.stringKey("ledgerline.request.id"))))
                .map(SpanData::getTraceId)
                .findFirst();
        assertThat(traceId).as("the server span of request " + requestId).isPresent();
        return all.stream()
                .filter(span -> span.getTraceId().equals(traceId.get()))
                .toList();
    }

    static String names(List<SpanData> trace) {
        return trace.stream()
                .map(s -> s.getKind() + " " + s.getName() + " " + s.getSpanId() + " <- " + s.getParentSpanId())
                .collect(Collectors.joining("\n"));
    }

    /** The order saga's spans in one trace. */
    record SagaTrace(List<SpanData> trace, String names) {

        /** The saga's handler of an event. */
        SpanData handling(String event) {
            return one(trace, s -> s.getName().startsWith("OrderSaga.on(" + event), names);
        }

        /** A command the saga sent from the given handling: its dispatch, with its handling beneath. */
        SpanData command(String command, SpanData sentFrom) {
            SpanData dispatch =
                    one(trace, s -> s.getName().equals("CommandBus.dispatchCommand(" + command + ")"), names);
            SpanData handle = one(trace, s -> s.getName().equals("CommandBus.handleCommand(" + command + ")"), names);
            assertThat(ancestors(trace, dispatch)).as(names).contains(sentFrom.getSpanId());
            assertThat(ancestors(trace, handle)).as(names).contains(dispatch.getSpanId());
            return handle;
        }

        /** The span of a finished saga step. */
        SpanData step(String step, String status) {
            SpanData span = one(
                    trace,
                    s -> s.getName().equals("saga " + step)
                            && status.equals(
                                    s.getAttributes().get(AttributeKey.stringKey("ledgerline.saga.step.status"))),
                    names);
            return span;
        }
    }

    static SpanData one(List<SpanData> trace, Predicate<SpanData> which, String names) {
        List<SpanData> found = trace.stream().filter(which).toList();
        assertThat(found).as("spans of the trace:\n" + names).isNotEmpty();
        return found.getFirst();
    }

    /** The span ids above a span, up to the trace's root. */
    static List<String> ancestors(List<SpanData> trace, SpanData span) {
        Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));
        java.util.ArrayList<String> chain = new java.util.ArrayList<>();
        SpanData current = span;
        while (current != null && current.getParentSpanContext().isValid()) {
            chain.add(current.getParentSpanId());
            current = byId.get(current.getParentSpanId());
        }
        return chain;
    }

    /** The sum of a Prometheus series' samples whose labels contain all the given label pairs. */
    private static double value(String scrape, String metric, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                found = true;
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(found)
                .as(metric + " with " + List.of(labels) + " in the scrape")
                .isTrue();
        return sum;
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }
}
