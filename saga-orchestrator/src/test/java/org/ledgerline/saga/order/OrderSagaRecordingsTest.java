package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.StockRejectionReason;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.saga.api.SagaCompensationRequested;
import org.ledgerline.saga.api.SagaRetryRequested;
import org.ledgerline.saga.order.SagaRecording.Elapse;
import org.ledgerline.saga.order.SagaRecording.Processor;
import org.ledgerline.saga.order.SagaRecording.Publish;
import org.ledgerline.saga.order.SagaRecording.Step;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclineReason;
import org.ledgerline.user.api.ChargeDeclined;
import org.ledgerline.user.api.UserId;

/**
 * The saga does what the recordings in {@code recordings/} say, journal calls, deadlines and commands in their
 * order, and leaves the same state in the saga store: the first ones were made with the saga as it stood before its
 * step table and deadline value (issue 20), so they pin both its behaviour and the JSON of sagas stored by it.
 *
 * <p>Each recording is replayed twice: from its start, and from every state it recorded, read from the JSON the
 * recording version stored, as a saga in flight continues after a node is upgraded. A field the saga no longer reads
 * from that JSON (renamed, nested) shows as a different continuation; a field it writes differently shows in the
 * states, which older nodes of a cluster being upgraded must still read.
 *
 * <p>{@code -Dsaga.recordings.write=true} writes the recordings afresh from the saga as it is: only for a deliberate
 * change of behaviour, and never over the states an earlier version stored (add a recording instead).
 */
class OrderSagaRecordingsTest {

    private static final SagaTimeouts TIMEOUTS = new SagaTimeouts(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            Duration.ofSeconds(40),
            Duration.ofSeconds(50));
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String RESOURCES = "src/test/resources/org/ledgerline/saga/order/recordings/";

    private static final UUID ORDER = UUID.fromString(SagaRecording.ORDER_ID);
    private static final UUID CUSTOMER = UUID.fromString("22222222-2222-2222-2222-222222222222");
    private static final UUID APPLES = UUID.fromString("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa");
    private static final UUID PEARS = UUID.fromString("bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb");
    private static final UUID OPERATOR = UUID.fromString("33333333-3333-3333-3333-333333333333");
    private static final Money TOTAL = Money.of("30.00", "EUR");

    /** Every path through the saga's table: each scenario is a recording of its own. */
    static Map<String, List<Step>> scenarios() {
        Map<String, List<Step>> scenarios = new LinkedHashMap<>();
        scenarios.put(
                "shipped",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        charged(),
                        charged(),
                        confirmed(),
                        confirmed(),
                        shipped(),
                        committed(APPLES, 2),
                        committed(PEARS, 1)));
        scenarios.put(
                "shipment-commit-resent",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        charged(),
                        confirmed(),
                        shipped(),
                        committed(APPLES, 2),
                        new Elapse(Duration.ofSeconds(40)),
                        new Elapse(Duration.ofSeconds(80)),
                        new SagaRetryRequested(ORDER, "saga", OPERATOR),
                        committed(PEARS, 1)));
        scenarios.put(
                "out-of-stock",
                steps(placed(), reserved(APPLES, 2), rejectedStock(PEARS), released(APPLES), rejected("OUT_OF_STOCK")));
        scenarios.put(
                "out-of-stock-late-reservation",
                steps(placed(), rejectedStock(PEARS), rejected("OUT_OF_STOCK"), reserved(APPLES, 2), released(APPLES)));
        scenarios.put(
                "payment-declined",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        declined(),
                        released(APPLES),
                        released(PEARS),
                        rejected("PAYMENT_DECLINED")));
        scenarios.put(
                "reservation-timeout",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        new Elapse(Duration.ofSeconds(10)),
                        reserved(PEARS, 1),
                        released(APPLES),
                        released(PEARS),
                        rejected("TIMEOUT")));
        scenarios.put(
                "payment-timeout-lost-charge",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        new Elapse(Duration.ofSeconds(5)),
                        new Elapse(Duration.ofSeconds(20)),
                        released(APPLES),
                        rejected("TIMEOUT"),
                        new Elapse(Duration.ofSeconds(50)),
                        new Elapse(Duration.ofSeconds(100)),
                        released(PEARS),
                        declined()));
        scenarios.put(
                "payment-timeout-late-charge",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        new Elapse(Duration.ofSeconds(30)),
                        released(APPLES),
                        released(PEARS),
                        rejected("TIMEOUT"),
                        charged(),
                        refunded()));
        scenarios.put(
                "confirmation-timeout-late-confirmation",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        charged(),
                        new Elapse(Duration.ofSeconds(30)),
                        confirmed(),
                        refunded(),
                        released(APPLES),
                        released(PEARS),
                        new OrderCancelled(new OrderId(ORDER), "TIMEOUT", OrderStatus.CONFIRMED)));
        scenarios.put(
                "processor-behind",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        charged(),
                        new Processor(false, 7),
                        new Elapse(Duration.ofSeconds(30)),
                        new Processor(false, 9),
                        new Elapse(Duration.ofSeconds(1)),
                        new Processor(true, 9),
                        new Elapse(Duration.ofSeconds(2)),
                        refunded(),
                        released(APPLES),
                        released(PEARS),
                        rejected("TIMEOUT")));
        scenarios.put(
                "processor-behind-then-answer",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        charged(),
                        new Processor(false, 7),
                        new Elapse(Duration.ofSeconds(30)),
                        new Processor(true, 7),
                        confirmed(),
                        new Elapse(Duration.ofHours(1))));
        scenarios.put(
                "cancelled-when-confirmed",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        charged(),
                        confirmed(),
                        new OrderCancelled(new OrderId(ORDER), "changed my mind", OrderStatus.CONFIRMED),
                        refunded(),
                        released(APPLES),
                        released(PEARS)));
        scenarios.put(
                "cancelled-when-pending",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        new OrderCancelled(new OrderId(ORDER), "too slow", OrderStatus.PENDING),
                        reserved(PEARS, 1),
                        released(APPLES),
                        released(PEARS)));
        scenarios.put(
                "operator-retry",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        new SagaRetryRequested(ORDER, "saga", OPERATOR),
                        reserved(PEARS, 1),
                        new SagaRetryRequested(ORDER, "saga", OPERATOR),
                        charged(),
                        new SagaRetryRequested(ORDER, "saga", OPERATOR),
                        confirmed(),
                        new SagaRetryRequested(ORDER, "saga", OPERATOR)));
        scenarios.put(
                "operator-compensation",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        charged(),
                        new SagaCompensationRequested(ORDER, "saga", OPERATOR),
                        new SagaCompensationRequested(ORDER, "saga", OPERATOR),
                        new SagaRetryRequested(ORDER, "saga", OPERATOR),
                        refunded(),
                        released(APPLES),
                        released(PEARS),
                        rejected("COMPENSATED_BY_OPERATOR")));
        scenarios.put(
                "operator-compensation-after-shipping",
                steps(
                        placed(),
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        charged(),
                        confirmed(),
                        shipped(),
                        new SagaCompensationRequested(ORDER, "saga", OPERATOR),
                        committed(APPLES, 2),
                        committed(PEARS, 1)));
        return scenarios;
    }

    /**
     * Sagas stored before their waits shared one deadline: no {@code deadlineAt}/{@code dueAt} in their JSON, and a
     * deadline payload without {@code at}. Made from the state of the first step of {@code shipped}.
     */
    static Map<String, List<Step>> legacyScenarios() {
        Map<String, List<Step>> scenarios = new LinkedHashMap<>();
        scenarios.put(
                "legacy-deadline-times-out",
                steps(
                        reserved(APPLES, 2),
                        new Elapse(Duration.ofSeconds(10)),
                        released(APPLES),
                        rejected("TIMEOUT"),
                        reserved(PEARS, 1),
                        released(PEARS)));
        scenarios.put(
                "legacy-deadline-answered",
                steps(
                        reserved(APPLES, 2),
                        reserved(PEARS, 1),
                        new Elapse(Duration.ofSeconds(10)),
                        charged(),
                        new Elapse(Duration.ofSeconds(30))));
        return scenarios;
    }

    @TestFactory
    Stream<DynamicTest> the_saga_does_what_each_recording_says_from_its_start() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, List<Step>> all = new LinkedHashMap<>(scenarios());
        all.putAll(legacyScenarios());
        write(all);
        all.forEach((name, steps) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            List<String> recorded = read(name);
            List<String> replayed =
                    SagaRecording.from(TIMEOUTS, stripped(recorded.get(0))).run(steps);
            replayed.add(0, recorded.get(0));
            assertThat(SagaRecording.comparable(replayed))
                    .containsExactlyElementsOf(SagaRecording.comparable(recorded));
        })));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> a_saga_stored_at_any_recorded_state_continues_as_recorded() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, List<Step>> all = new LinkedHashMap<>(scenarios());
        all.putAll(legacyScenarios());
        for (Map.Entry<String, List<Step>> scenario : all.entrySet()) {
            List<String> recorded = read(scenario.getKey());
            int step = 0;
            for (int line = 0; line < recorded.size(); line++) {
                if (!recorded.get(line).startsWith(SagaRecording.STATE)) {
                    continue;
                }
                int from = line;
                List<Step> rest =
                        scenario.getValue().subList(step++, scenario.getValue().size());
                tests.add(DynamicTest.dynamicTest(scenario.getKey() + " from step " + (step - 1), () -> {
                    List<String> replayed = SagaRecording.from(TIMEOUTS, stripped(recorded.get(from)))
                            .run(rest);
                    assertThat(SagaRecording.comparable(replayed))
                            .containsExactlyElementsOf(
                                    SagaRecording.comparable(recorded.subList(from + 1, recorded.size())));
                }));
            }
        }
        return tests.stream();
    }

    // ---- the recordings

    private static List<String> read(String name) throws IOException {
        String resource = "recordings/" + name + ".txt";
        try (InputStream in = OrderSagaRecordingsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String stripped(String stateLine) {
        return stateLine.substring(SagaRecording.STATE.length());
    }

    private static void write(Map<String, List<Step>> all) throws Exception {
        if (!Boolean.getBoolean("saga.recordings.write")) {
            return;
        }
        Files.createDirectories(Path.of(RESOURCES));
        String empty = SagaRecording.STATE + emptyStart();
        String legacyStart = null;
        for (Map.Entry<String, List<Step>> scenario : all.entrySet()) {
            boolean legacy = legacyScenarios().containsKey(scenario.getKey());
            if (legacy && legacyStart == null) {
                List<String> placed = new SagaRecording(TIMEOUTS, START).run(steps(placed()));
                legacyStart = SagaRecording.STATE + legacy(placed.get(placed.size() - 1));
            }
            String start = legacy ? legacyStart : empty;
            List<String> recording = new ArrayList<>();
            recording.add(start);
            recording.addAll(SagaRecording.from(TIMEOUTS, stripped(start)).run(scenario.getValue()));
            Files.write(Path.of(RESOURCES, scenario.getKey() + ".txt"), recording, StandardCharsets.UTF_8);
        }
    }

    private static String emptyStart() throws Exception {
        ObjectNode state = SagaRecording.MAPPER.createObjectNode();
        state.put("time", START.toString());
        state.put("caughtUp", true);
        state.put("stored", 7);
        state.put("deadlinesIssued", 0);
        state.putNull("saga");
        state.putArray("pending");
        return SagaRecording.MAPPER.writeValueAsString(state);
    }

    /** A recorded state as a saga from before shared deadlines stored it, and its deadline as it was scheduled. */
    private static String legacy(String stateLine) throws Exception {
        ObjectNode state = (ObjectNode) SagaRecording.CANONICAL.readTree(stripped(stateLine));
        ObjectNode saga =
                (ObjectNode) SagaRecording.CANONICAL.readTree(state.get("saga").asText());
        saga.remove("deadlineAt");
        saga.remove("dueAt");
        state.put("saga", SagaRecording.MAPPER.writeValueAsString(saga));
        for (var pending : state.get("pending")) {
            ((ObjectNode) pending.get("payload")).putNull("at");
        }
        return SagaRecording.MAPPER.writeValueAsString(state);
    }

    // ---- events

    private static List<Step> steps(Object... steps) {
        return Stream.of(steps)
                .map(s -> s instanceof Step step ? step : new Publish(s))
                .toList();
    }

    private static OrderPlaced placed() {
        return new OrderPlaced(new OrderId(ORDER), CUSTOMER, List.of(line(APPLES, 2), line(PEARS, 1)), TOTAL, null);
    }

    private static OrderLine line(UUID product, int quantity) {
        return new OrderLine(
                product, "SKU-" + product.toString().substring(0, 4), "a product", quantity, Money.of("10.00", "EUR"));
    }

    private static StockReserved reserved(UUID product, int quantity) {
        return new StockReserved(new ProductId(product), ORDER, quantity, 10);
    }

    private static StockReservationRejected rejectedStock(UUID product) {
        return new StockReservationRejected(new ProductId(product), ORDER, 1, 0, StockRejectionReason.OUT_OF_STOCK);
    }

    private static StockReservationReleased released(UUID product) {
        return new StockReservationReleased(new ProductId(product), ORDER, 1, 10);
    }

    private static StockReservationCommitted committed(UUID product, int quantity) {
        return new StockReservationCommitted(new ProductId(product), ORDER, quantity);
    }

    private static AccountCharged charged() {
        return new AccountCharged(account(), ORDER, TOTAL, Money.of("70.00", "EUR"));
    }

    private static ChargeDeclined declined() {
        return new ChargeDeclined(
                account(), ORDER, TOTAL, ChargeDeclineReason.INSUFFICIENT_FUNDS, Money.of("5.00", "EUR"));
    }

    private static AccountRefunded refunded() {
        return new AccountRefunded(account(), ORDER, TOTAL, Money.of("100.00", "EUR"));
    }

    private static OrderConfirmed confirmed() {
        return new OrderConfirmed(new OrderId(ORDER));
    }

    private static OrderRejected rejected(String reason) {
        return new OrderRejected(new OrderId(ORDER), reason);
    }

    private static OrderShipped shipped() {
        return new OrderShipped(new OrderId(ORDER), "TRACK-1");
    }

    private static AccountId account() {
        return AccountId.of(new UserId(CUSTOMER));
    }
}
