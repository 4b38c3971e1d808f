package org.ledgerline.projections.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.projections.progress.ProjectionProgress;
import org.ledgerline.projections.rebuild.BlueGreenRebuilds;
import org.ledgerline.projections.rebuild.RebuildStatus;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountOpened;
import org.ledgerline.user.api.MoneyDeposited;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read models share one processor ({@value ReadModelProcessor#NAME}, ADR 0025): one read, one transaction, one
 * token per batch. These tests attack what each model must keep on its own: its dead letters, its rebuild, and that a
 * batch killed before its commit is applied exactly once in effect when it runs again.
 */
@LedgerlineIntegrationTest
class SharedReadModelProcessorIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    ProjectionProgress progress;

    @Autowired
    BlueGreenRebuilds rebuilds;

    @Autowired
    ReadModelTokenHandover handover;

    @Autowired
    Serializer serializer;

    @Test
    void the_read_models_run_in_one_processor_and_keep_a_dead_letter_queue_each() {
        assertThat(processing.eventProcessors()).containsKey(ReadModelProcessor.NAME);
        for (String group : ReadModelProcessor.GROUPS) {
            assertThat(processing.eventProcessors()).doesNotContainKey(group);
            assertThat(processing.eventProcessorByProcessingGroup(group, StreamingEventProcessor.class))
                    .get()
                    .extracting(StreamingEventProcessor::getName)
                    .isEqualTo(ReadModelProcessor.NAME);
            assertThat(processing.deadLetterQueue(group)).isPresent();
        }
    }

    @Test
    void a_poison_event_parks_for_its_model_only_while_the_other_models_apply_their_events_of_the_same_batch() {
        OrderId poison = new OrderId(UUID.randomUUID());
        ProductId product = new ProductId(UUID.randomUUID());
        UUID holder = UUID.randomUUID();
        // One transaction, so one batch: PostgreSQL refuses the order line's name (NUL), which fails the merged
        // writes of the whole batch at commit; the batch runs again write by write and the order alone is parked.
        long last = publish(List.of(
                event("Order", poison.toString(), 0, placed(poison, "a\u0000b")),
                event("Product", product.toString(), 0, created(product, 10)),
                event(
                        "Account",
                        "account-" + holder,
                        0,
                        new AccountOpened(new AccountId(holder), Currency.getInstance("EUR")))));

        try {
            poisonParksForItsModelOnly(poison, product, holder, last);
        } finally {
            // A rebuild handles every stored event again, the parked ones too: the poison leaves the store, so that
            // the orders rebuilds of this module's tests can finish.
            jdbc.update("DELETE FROM deadletterentry WHERE aggregateidentifier = ?", poison.toString());
            jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ?", poison.toString());
        }
    }

    private void poisonParksForItsModelOnly(OrderId poison, ProductId product, UUID holder, long last) {
        awaitProcessed(last);
        assertThat(jdbc.queryForList("SELECT product_id FROM products", UUID.class))
                .contains(product.value());
        assertThat(jdbc.queryForList("SELECT user_id FROM accounts", UUID.class))
                .contains(holder);
        assertThat(jdbc.queryForList("SELECT order_id FROM orders", UUID.class)).doesNotContain(poison.value());
        assertThat(letters(poison.toString())).containsExactly(Map.of("processinggroup", "orders"));

        // The poisoned order's later events wait behind its letter (its model only); other orders go on.
        OrderId next = new OrderId(UUID.randomUUID());
        long later = publish(List.of(
                event("Order", poison.toString(), 1, new OrderConfirmed(poison)),
                event("Order", next.toString(), 0, placed(next, "Lamp")),
                event("Product", product.toString(), 1, new StockReserved(product, next.value(), 2, 8))));
        awaitProcessed(later);
        assertThat(jdbc.queryForObject("SELECT status FROM orders WHERE order_id = ?", String.class, next.value()))
                .isEqualTo("PENDING");
        assertThat(jdbc.queryForObject(
                        "SELECT reserved FROM products WHERE product_id = ?", Integer.class, product.value()))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM deadletterentry WHERE aggregateidentifier = ? "
                                + "AND processinggroup = 'orders'",
                        Integer.class,
                        poison.toString()))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM deadletterentry WHERE processinggroup <> 'orders'", Integer.class))
                .isZero();
    }

    @Test
    void a_batch_killed_at_its_commit_runs_again_and_takes_effect_exactly_once() {
        // A deferred trigger fails the batch's COMMIT once (a sequence, which the rollback does not undo, counts):
        // every model's writes and the token roll back together, and the processor runs the batch again.
        jdbc.execute("CREATE SEQUENCE IF NOT EXISTS kill_switch");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION kill_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('kill_switch') = 1 THEN
                    RAISE EXCEPTION 'killed at commit';
                  END IF;
                  RETURN NULL;
                END $$""");
        OrderId order = new OrderId(UUID.randomUUID());
        ProductId product = new ProductId(UUID.randomUUID());
        UUID holder = UUID.randomUUID();
        String trigger = "kill_" + Long.toHexString(System.nanoTime());
        jdbc.execute("CREATE CONSTRAINT TRIGGER " + trigger + " AFTER INSERT ON product_reservations "
                + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kill_once()");
        try {
            AccountId account = new AccountId(holder);
            long last = publish(List.of(
                    event("Product", product.toString(), 0, created(product, 10)),
                    event("Order", order.toString(), 0, placed(order, "Lamp")),
                    event("Product", product.toString(), 1, new StockReserved(product, order.value(), 3, 7)),
                    event("Account", "account-" + holder, 0, new AccountOpened(account, Currency.getInstance("EUR"))),
                    event(
                            "Account",
                            "account-" + holder,
                            1,
                            new MoneyDeposited(account, Money.of("20.00", "EUR"), Money.of("20.00", "EUR"))),
                    event(
                            "Account",
                            "account-" + holder,
                            2,
                            new MoneyDeposited(account, Money.of("5.00", "EUR"), Money.of("25.00", "EUR"))),
                    event("Order", order.toString(), 1, new OrderConfirmed(order))));
            awaitProcessed(last);
            assertThat(jdbc.queryForObject("SELECT last_value FROM kill_switch", Long.class))
                    .as("the batch was killed once and ran again")
                    .isGreaterThanOrEqualTo(2L);
        } finally {
            jdbc.execute("DROP TRIGGER " + trigger + " ON product_reservations");
        }
        assertThat(jdbc.queryForMap("SELECT available, reserved FROM products WHERE product_id = ?", product.value()))
                .containsEntry("available", 7)
                .containsEntry("reserved", 3);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM product_reservations WHERE product_id = ?",
                        Integer.class,
                        product.value()))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT balance_amount::text FROM accounts WHERE user_id = ?", String.class, holder))
                .isEqualTo("25.0000");
        assertThat(jdbc.queryForObject("SELECT status FROM orders WHERE order_id = ?", String.class, order.value()))
                .isEqualTo("CONFIRMED");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM order_lines WHERE order_id = ?", Integer.class, order.value()))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM deadletterentry WHERE aggregateidentifier IN (?, ?, ?)",
                        Integer.class,
                        order.toString(),
                        product.toString(),
                        "account-" + holder))
                .isZero();
    }

    @Test
    void rebuilding_one_model_leaves_the_others_live_and_misses_none_of_its_own_events() throws Exception {
        List<OrderId> orders = new ArrayList<>();
        // Enough history that the rebuild runs for a while (its status is polled every 100 ms).
        for (int batch = 0; batch < 20; batch++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                OrderId id = new OrderId(UUID.randomUUID());
                orders.add(id);
                events.add(event("Order", id.toString(), 0, placed(id, "Lamp")));
                events.add(event("Order", id.toString(), 1, new OrderConfirmed(id)));
            }
            publish(events);
        }
        awaitProcessed(jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class));

        rebuilds.start("orders");
        // While orders rebuild, products and orders keep coming: products are served live, and every order lands
        // in the rebuilt model.
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicInteger liveProducts = new AtomicInteger();
        List<OrderId> during = new ArrayList<>();
        while (rebuilding.get()) {
            ProductId product = new ProductId(UUID.randomUUID());
            OrderId order = new OrderId(UUID.randomUUID());
            during.add(order);
            long position = publish(List.of(
                    event("Product", product.toString(), 0, created(product, 5)),
                    event("Order", order.toString(), 0, placed(order, "Lamp"))));
            RebuildStatus now = rebuilds.status("orders").orElseThrow();
            String state = now.state();
            // Once the shadow processor has begun (it has handled events), the shared one must still be live.
            if (state.equals("RUNNING")
                    && now.processed() > 0
                    && progress.await(ReadModelProcessor.NAME, position, Duration.ofSeconds(10))
                    && rebuilds.status("orders").orElseThrow().state().equals("RUNNING")) {
                // Applied by the shared processor while the orders rebuild was still running.
                assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM products WHERE product_id = ?", Integer.class, product.value()))
                        .isEqualTo(1);
                liveProducts.incrementAndGet();
            }
            state = rebuilds.status("orders").orElseThrow().state();
            rebuilding.set(state.equals("RUNNING") || state.equals("SWITCHING"));
        }
        assertThat(rebuilds.status("orders").orElseThrow().state()).isEqualTo("DONE");
        OrderId after = new OrderId(UUID.randomUUID());
        during.add(after);
        long last = publish(List.of(event("Order", after.toString(), 0, placed(after, "Lamp"))));
        awaitProcessed(last);

        assertThat(liveProducts.get())
                .as("products applied while the orders rebuild was running")
                .isPositive();
        List<UUID> rebuilt = jdbc.queryForList("SELECT order_id FROM orders", UUID.class);
        assertThat(rebuilt).containsAll(orders.stream().map(OrderId::value).toList());
        assertThat(rebuilt).containsAll(during.stream().map(OrderId::value).toList());
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM orders WHERE order_id = ANY(?) AND status = 'CONFIRMED'",
                        Integer.class,
                        (Object) orders.stream().map(OrderId::value).toArray(UUID[]::new)))
                .isEqualTo(orders.size());
        assertThat(jdbc.queryForList("SELECT DISTINCT processorname FROM tokenentry", String.class))
                .contains(ReadModelProcessor.NAME)
                .doesNotContain("orders", "orders-rebuild");
    }

    @Test
    void the_former_processors_positions_are_handed_over_at_the_lowest_so_no_model_skips_an_event() {
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProductId product = new ProductId(UUID.randomUUID());
            positions.add(publish(List.of(event("Product", product.toString(), 0, created(product, 1)))));
        }
        awaitProcessed(positions.getLast());
        StreamingEventProcessor shared = processing
                .eventProcessor(ReadModelProcessor.NAME, StreamingEventProcessor.class)
                .orElseThrow();
        shared.shutDown();
        try {
            // The token rows an earlier version left: a processor per model, each somewhere else.
            jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", ReadModelProcessor.NAME);
            formerToken("orders", positions.get(2));
            formerToken("products", positions.get(0));
            formerToken("users", positions.get(1));

            new TransactionTemplate(transactions).executeWithoutResult(status -> handover.handOver());

            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM tokenentry WHERE processorname IN ('orders', 'products', 'users')",
                            Integer.class))
                    .isZero();
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT segment, owner, convert_from(token, 'UTF8') AS token FROM tokenentry "
                            + "WHERE processorname = ?",
                    ReadModelProcessor.NAME);
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst()).containsEntry("segment", 0).containsEntry("owner", null);
            assertThat((String) rows.getFirst().get("token")).contains("\"globalIndex\":" + positions.get(0));
        } finally {
            shared.start();
        }
        ProductId after = new ProductId(UUID.randomUUID());
        awaitProcessed(publish(List.of(event("Product", after.toString(), 0, created(after, 1)))));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM products WHERE product_id = ?", Integer.class, after.value()))
                .isEqualTo(1);
    }

    private void formerToken(String processor, long position) {
        long transaction =
                jdbc.queryForObject("SELECT tx_id FROM domainevententry WHERE globalindex = ?", Long.class, position);
        SerializedObject<byte[]> token =
                serializer.serialize(new CommitOrderTrackingToken(transaction, position), byte[].class);
        jdbc.update(
                "INSERT INTO tokenentry (processorname, segment, token, tokentype, timestamp, owner) "
                        + "VALUES (?, 0, ?, ?, ?, 'node-gone')",
                processor,
                token.getData(),
                token.getType().getName(),
                java.time.Instant.now().toString());
    }

    private void awaitProcessed(long position) {
        await().atMost(WAIT).until(() -> progress.await(ReadModelProcessor.NAME, position, Duration.ofSeconds(1)));
    }

    private List<Map<String, Object>> letters(String aggregate) {
        return jdbc.queryForList(
                "SELECT processinggroup FROM deadletterentry WHERE aggregateidentifier = ?", aggregate);
    }

    private record Event(String type, String aggregate, long sequence, Object payload) {}

    private static Event event(String type, String aggregate, long sequence, Object payload) {
        return new Event(type, aggregate, sequence, payload);
    }

    /** Publishes the events in one transaction; returns the global index of the last. */
    private long publish(List<Event> events) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (Event e : events) {
                eventStore.publish(new GenericDomainEventMessage<>(e.type(), e.aggregate(), e.sequence(), e.payload()));
            }
        });
        return jdbc.queryForObject(
                "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class,
                events.getLast().aggregate());
    }

    private static ProductCreated created(ProductId id, int stock) {
        return new ProductCreated(id, "SKU-" + id.value(), "Lamp", Money.of("2.00", "EUR"), stock);
    }

    private static OrderPlaced placed(OrderId id, String lineName) {
        return new OrderPlaced(
                id,
                UUID.randomUUID(),
                new ArrayList<>(List.of(new OrderLine(UUID.randomUUID(), "SKU", lineName, 1, Money.of("5.00", "EUR")))),
                Money.of("5.00", "EUR"),
                new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE"));
    }
}
