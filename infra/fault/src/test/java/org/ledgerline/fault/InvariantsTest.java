package org.ledgerline.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.ledgerline.fault.Exchange.Kind;
import org.ledgerline.fault.Observed.KafkaRecord;
import org.ledgerline.fault.Observed.Replay;
import org.ledgerline.fault.Observed.Saga;
import org.ledgerline.fault.Observed.StoredEvent;

/**
 * The fault suite's checks catch what they claim to: a small consistent world passes, and each deliberately broken
 * variant of it is reported under the right invariant (so a green suite means something).
 */
class InvariantsTest {

    private static final String USER = "7b0c2f4e-0000-4000-8000-000000000001";
    private static final String ACCOUNT = "account-" + USER;
    private static final String PRODUCT = "7b0c2f4e-0000-4000-8000-0000000000a1";
    private static final String ORDER = "7b0c2f4e-0000-4000-8000-0000000000c1";

    @Test
    void a_consistent_run_has_no_violations() {
        Invariants.Result result = Invariants.check(world().build());

        assertThat(result.violations()).isEmpty();
        assertThat(result.checked()).isGreaterThan(20);
    }

    @Test
    void an_acknowledged_deposit_that_is_not_stored_is_a_violation() {
        World world = world();
        world.events.removeIf(e -> e.type().equals("MoneyDeposited"));

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.STORED + "]"));
    }

    @Test
    void a_deposit_stored_twice_for_one_key_is_a_violation() {
        World world = world();
        world.events.add(event(
                8,
                ACCOUNT,
                2,
                "MoneyDeposited",
                "{\"amount\":{\"amount\":\"100.00\",\"currency\":\"EUR\"},\"balance\":"
                        + "{\"amount\":\"180.00\",\"currency\":\"EUR\"}}"));

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.ONCE + "]"));
    }

    @Test
    void a_confirmed_order_charged_twice_is_a_violation() {
        World world = world();
        world.events.add(event(
                8,
                ACCOUNT,
                2,
                "AccountCharged",
                "{\"orderId\":\"" + ORDER + "\",\"amount\":"
                        + "{\"amount\":\"20.00\",\"currency\":\"EUR\"},\"balance\":{\"amount\":\"60.00\"}}"));

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.CHARGE + "]"));
    }

    @Test
    void a_balance_that_does_not_add_up_is_a_violation() {
        World world = world();
        world.events.replaceAll(e -> !e.type().equals("AccountCharged")
                ? e
                : event(
                        e.position(),
                        ACCOUNT,
                        1,
                        "AccountCharged",
                        "{\"orderId\":\"" + ORDER + "\",\"amount\":"
                                + "{\"amount\":\"20.00\",\"currency\":\"EUR\"},\"balance\":{\"amount\":\"75.00\"}}"));

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.BALANCE + "]"));
    }

    @Test
    void a_rejected_order_that_keeps_its_money_and_stock_is_a_violation() {
        World world = world();
        world.events.replaceAll(e -> !e.type().equals("OrderConfirmed")
                ? e
                : event(e.position(), ORDER, 1, "OrderRejected", "{\"reason\":\"TIMEOUT\"}"));
        world.orderStatus = "REJECTED";

        List<String> violations = violations(world);

        assertThat(violations).anyMatch(v -> v.startsWith("[" + Invariants.CHARGE + "]"));
        assertThat(violations).anyMatch(v -> v.startsWith("[" + Invariants.RESERVATION + "]"));
        assertThat(violations).anyMatch(v -> v.startsWith("[" + Invariants.SAGA + "]"));
    }

    @Test
    void stock_that_does_not_add_up_is_a_violation() {
        World world = world();
        world.events.replaceAll(e -> !e.type().equals("StockReserved")
                ? e
                : event(
                        e.position(),
                        PRODUCT,
                        1,
                        "StockReserved",
                        "{\"orderId\":\"" + ORDER + "\",\"quantity\":2," + "\"available\":9}"));

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.STOCK + "]"));
    }

    @Test
    void a_compensating_saga_at_the_end_is_a_violation() {
        World world = world();
        world.sagaState = "COMPENSATING";

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.SAGA + "]"));
    }

    @Test
    void a_query_api_that_disagrees_with_the_store_is_a_violation() {
        World world = world();
        world.apiBalance = new BigDecimal("100.00");

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.QUERY + "]"));
    }

    @Test
    void a_replay_that_answers_differently_or_writes_is_a_violation() {
        World world = world();
        world.replayBody = "{\"balance\":{\"amount\":\"200.00\",\"currency\":\"EUR\"}}";
        world.headAfterReplays = 8;

        assertThat(violations(world))
                .filteredOn(v -> v.startsWith("[" + Invariants.REPLAY + "]"))
                .hasSize(2);
    }

    @Test
    void a_read_model_that_differs_from_its_rebuild_is_a_violation() {
        World world = world();
        world.rebuiltOrders = List.of("(" + ORDER + ",REJECTED)");

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.REBUILD + "]"));
    }

    @Test
    void an_event_missing_from_kafka_is_a_violation() {
        World world = world();
        world.kafka = record -> record.ceId().equals("e3") ? null : record;

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.KAFKA + "]") && v.contains("e3"));
    }

    @Test
    void a_redelivery_with_the_same_ce_id_is_fine_but_out_of_order_or_another_id_is_not() {
        World redelivered = world();
        redelivered.extraKafka.add(new KafkaRecord("t.order.events", 0, 100, ORDER, "e4", 0L));
        assertThat(violations(redelivered)).isEmpty();

        World reordered = world();
        reordered.kafka = record -> record.ceId().equals("e4")
                ? new KafkaRecord(
                        record.topic(), record.partition(), 1_000, record.key(), record.ceId(), record.sequence())
                : record;
        assertThat(violations(reordered)).anyMatch(v -> v.startsWith("[" + Invariants.KAFKA + "]"));

        World renamed = world();
        renamed.extraKafka.add(new KafkaRecord("t.order.events", 0, 100, ORDER, "e4-again", 0L));
        assertThat(violations(renamed)).anyMatch(v -> v.contains("e4-again"));
    }

    @Test
    void a_postgres_that_confirms_commits_before_they_are_on_disk_is_a_violation() {
        World world = world();
        world.postgresSettings = "(fsync off, synchronous_commit off, full_page_writes on)";

        assertThat(violations(world)).anyMatch(v -> v.startsWith("[" + Invariants.DURABLE + "]"));
    }

    private static List<String> violations(World world) {
        return Invariants.check(world.build()).violations();
    }

    /** User, account with one deposit, a product, an order confirmed with its charge and reservation. */
    private static World world() {
        return new World();
    }

    private static final class World {
        final List<StoredEvent> events = new ArrayList<>(List.of(
                event(1, USER, 0, "UserRegistered", "{}"),
                event(
                        2,
                        ACCOUNT,
                        0,
                        "MoneyDeposited",
                        "{\"amount\":{\"amount\":\"100.00\",\"currency\":\"EUR\"},"
                                + "\"balance\":{\"amount\":\"100.00\",\"currency\":\"EUR\"}}"),
                event(3, PRODUCT, 0, "ProductCreated", "{\"initialStock\":10}"),
                event(
                        4,
                        ORDER,
                        0,
                        "OrderPlaced",
                        "{\"total\":{\"amount\":\"20.00\",\"currency\":\"EUR\"}," + "\"lines\":[{\"productId\":\""
                                + PRODUCT + "\",\"quantity\":2}]}"),
                event(
                        5,
                        PRODUCT,
                        1,
                        "StockReserved",
                        "{\"orderId\":\"" + ORDER + "\",\"quantity\":2," + "\"available\":8}"),
                event(
                        6,
                        ACCOUNT,
                        1,
                        "AccountCharged",
                        "{\"orderId\":\"" + ORDER + "\",\"amount\":"
                                + "{\"amount\":\"20.00\",\"currency\":\"EUR\"},\"balance\":{\"amount\":\"80.00\"}}"),
                event(7, ORDER, 1, "OrderConfirmed", "{}")));
        String orderStatus = "CONFIRMED";
        String sagaState = "RUNNING";
        BigDecimal apiBalance = new BigDecimal("80.0000");
        String replayBody = "{\"balance\":{\"amount\":\"100.00\",\"currency\":\"EUR\"}}";
        long headAfterReplays = 7;
        List<String> rebuiltOrders = List.of("(" + ORDER + ",CONFIRMED)");
        UnaryOperator<KafkaRecord> kafka = UnaryOperator.identity();
        String postgresSettings = "(fsync on, synchronous_commit on, full_page_writes on)";
        final List<KafkaRecord> extraKafka = new ArrayList<>();

        Observed build() {
            Exchange deposit = exchange(
                    Kind.DEPOSIT, ACCOUNT, 200, 2L, "{\"balance\":{\"amount\":\"100.00\",\"currency\":\"EUR\"}}");
            Exchange order = exchange(Kind.PLACE_ORDER, ORDER, 202, 4L, "{\"orderId\":\"" + ORDER + "\"}");
            Exchange signUp = exchange(Kind.SIGN_UP, USER, 201, 1L, "{\"userId\":\"" + USER + "\"}");
            List<KafkaRecord> records = new ArrayList<>();
            long offset = 0;
            for (StoredEvent event : events) {
                KafkaRecord record = kafka.apply(new KafkaRecord(
                        "t.events", 0, offset++, event.aggregateId(), "e" + event.position(), event.sequence()));
                if (record != null) {
                    records.add(record);
                }
            }
            records.replaceAll(r -> r.key().equals(ORDER)
                    ? new KafkaRecord("t.order.events", 0, r.offset(), r.key(), r.ceId(), r.sequence())
                    : r);
            records.addAll(extraKafka);
            return new Observed(
                    List.of(signUp, deposit, order),
                    List.copyOf(events),
                    new Observed.QueryApi(
                            Map.of(USER, apiBalance), Map.of(PRODUCT, new int[] {8, 2}), Map.of(ORDER, orderStatus)),
                    List.of(new Saga("s1", ORDER, sagaState, "AWAIT_SHIPMENT")),
                    new Observed.Replays(
                            List.of(new Replay(deposit, 200, replayBody, null, true)), 7, headAfterReplays, List.of()),
                    new Observed.ReadModels(
                            Map.of("orders", List.of("(" + ORDER + ",CONFIRMED)")),
                            Map.of("orders", rebuiltOrders),
                            List.of()),
                    records,
                    List.of(),
                    List.of(),
                    postgresSettings);
        }
    }

    private static Exchange exchange(Kind kind, String aggregate, int status, Long position, String body) {
        Exchange exchange = new Exchange(kind, "/x", "k-" + kind, "{}", "token", aggregate);
        exchange.status = status;
        exchange.position = position;
        exchange.responseBody = body;
        exchange.attempts.add(Integer.toString(status));
        return exchange;
    }

    private static StoredEvent event(long position, String aggregate, long sequence, String type, String payload) {
        return new StoredEvent(position, aggregate, sequence, "e" + position, type, Api.JSON.readTree(payload));
    }
}
