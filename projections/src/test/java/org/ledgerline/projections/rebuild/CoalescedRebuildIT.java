package org.ledgerline.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderDelivered;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.projections.progress.ProjectionProgress;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A rebuild merges each batch's writes per row. For a mixed order history (placed, confirmed, rejected, cancelled,
 * shipped, delivered; orders interleaved; batches of 7 events, so an order's events fall into several batches) the
 * merged writes must leave exactly the rows the live processor built, also when a batch is applied twice, as after a
 * crash between its commit and its token (the token commits with the writes, so a real crash re-applies a batch).
 * The live processor runs write by write here (merging off), so the merged rows are compared with rows built one
 * statement per write; merged live batches are the rebuild's own code path (ADR 0025, SharedReadModelProcessorIT).
 */
@LedgerlineIntegrationTest(
        properties = {"ledgerline.projections.rebuild-batch-size=7", "ledgerline.projections.merge-live-writes=false"})
class CoalescedRebuildIT {

    private static final int ORDERS = 60;
    private static final int BATCH = 7;
    private static final String SHADOW = "coalesced_orders";

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    TransactionManager axonTransactions;

    @Autowired
    ApplicationContext context;

    @Autowired
    BlueGreenRebuilds rebuilds;

    @Autowired
    ProjectionProgress progress;

    @Autowired
    ReadModelWrites writes;

    private static List<Map<String, Object>> liveOrders;
    private static List<Map<String, Object>> liveLines;
    private static int events;

    @BeforeEach
    void a_mixed_history_built_live() throws InterruptedException {
        if (liveOrders != null) {
            return;
        }
        events = publishMixedHistory(new Random(42));
        long last = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        assertThat(progress.await("read-models", last, Duration.ofSeconds(60)))
                .as("live model caught up")
                .isTrue();
        liveOrders = jdbc.queryForList("SELECT * FROM orders ORDER BY order_id");
        liveLines = jdbc.queryForList("SELECT * FROM order_lines ORDER BY order_id, line_no");
        assertThat(liveOrders)
                .extracting(row -> row.get("status"))
                .contains("CONFIRMED", "REJECTED", "CANCELLED", "SHIPPED", "DELIVERED");
        // Live, most writes ran from SQL rendered once per shape; the rebuild's multi-row statements are rendered
        // by jOOQ each time, so the comparisons below also check the one against the other.
        assertThat(writes.renderedShapes()).as("live writes reuse rendered SQL").isGreaterThanOrEqualTo(4);
    }

    @Test
    void a_rebuild_in_small_batches_ends_with_exactly_the_rows_built_live() {
        rebuilds.start("orders");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> rebuilds.status("orders")
                        .map(RebuildStatus::state)
                        .orElse("")
                        .matches("DONE|FAILED"));

        assertThat(rebuilds.status("orders").orElseThrow().state()).isEqualTo("DONE");
        assertThat(jdbc.queryForList("SELECT * FROM orders ORDER BY order_id")).isEqualTo(liveOrders);
        assertThat(jdbc.queryForList("SELECT * FROM order_lines ORDER BY order_id, line_no"))
                .isEqualTo(liveLines);
    }

    @Test
    void every_batch_applied_twice_as_after_a_crash_before_its_token_still_gives_the_rows_built_live() {
        ReadModel orders = ReadModel.ALL.stream()
                .filter(model -> model.name().equals("orders"))
                .findFirst()
                .orElseThrow();
        rebuilds.createShadow(orders, SHADOW);
        SimpleEventHandlerInvoker projector =
                SimpleEventHandlerInvoker.builder().eventHandlers(projector()).build();
        List<TrackedEventMessage<?>> all = allEvents();
        try {
            for (int from = 0; from < all.size(); from += BATCH) {
                List<TrackedEventMessage<?>> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                applyInShadow(projector, batch);
                applyInShadow(projector, batch);
            }

            assertThat(jdbc.queryForList("SELECT * FROM " + SHADOW + ".orders ORDER BY order_id"))
                    .isEqualTo(liveOrders);
            assertThat(jdbc.queryForList("SELECT * FROM " + SHADOW + ".order_lines ORDER BY order_id, line_no"))
                    .isEqualTo(liveLines);
        } finally {
            jdbc.execute("DROP SCHEMA IF EXISTS " + SHADOW + " CASCADE");
        }
    }

    /** One batch in one transaction, as the shadow processor runs it. */
    private void applyInShadow(SimpleEventHandlerInvoker projector, List<TrackedEventMessage<?>> batch) {
        BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.attachTransaction(axonTransactions);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            rebuilds.enterShadow(unitOfWork.root(), SHADOW);
            projector.handle(unitOfWork.getMessage(), Segment.ROOT_SEGMENT);
            return null;
        });
        assertThat(result.isExceptional()).as("batch failed: %s", result).isFalse();
    }

    private List<TrackedEventMessage<?>> allEvents() {
        List<TrackedEventMessage<?>> all = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (all.size() < events) {
                all.add(stream.nextAvailable());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return all;
    }

    private Object projector() {
        return context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                .filter(bean -> "orders"
                        .equals(AnnotationUtils.findAnnotation(bean.getClass(), ProcessingGroup.class)
                                .value()))
                .findFirst()
                .orElseThrow();
    }

    /** Each order's events in order; orders interleaved at random, a few events per transaction. */
    private int publishMixedHistory(Random random) {
        List<Deque<Object>> histories = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            OrderId id = new OrderId(UUID.randomUUID());
            Deque<Object> history = new ArrayDeque<>();
            history.add(placed(id, 1 + random.nextInt(3)));
            switch (i % 6) {
                case 0 -> history.add(new OrderConfirmed(id));
                case 1 -> history.add(new OrderRejected(id, "OUT_OF_STOCK"));
                case 2 -> {
                    history.add(new OrderConfirmed(id));
                    history.add(new OrderShipped(id, "TRACK-" + i));
                }
                case 3 -> {
                    history.add(new OrderConfirmed(id));
                    history.add(new OrderShipped(id, "TRACK-" + i));
                    history.add(new OrderDelivered(id));
                }
                case 4 -> history.add(new OrderCancelled(id, "changed mind", OrderStatus.PENDING));
                default -> {
                    history.add(new OrderConfirmed(id));
                    history.add(new OrderCancelled(id, "too slow", OrderStatus.CONFIRMED));
                }
            }
            histories.add(history);
        }
        int[] sequence = new int[ORDERS];
        int published = 0;
        TransactionTemplate tx = new TransactionTemplate(transactions);
        List<Integer> open = new ArrayList<>(IntStream.range(0, ORDERS).boxed().toList());
        while (!open.isEmpty()) {
            int inThisTransaction = 1 + random.nextInt(4);
            List<GenericDomainEventMessage<?>> messages = new ArrayList<>();
            for (int n = 0; n < inThisTransaction && !open.isEmpty(); n++) {
                int order = open.get(random.nextInt(open.size()));
                Object event = histories.get(order).poll();
                messages.add(new GenericDomainEventMessage<>("Order", orderIdOf(event), sequence[order]++, event));
                if (histories.get(order).isEmpty()) {
                    open.remove(Integer.valueOf(order));
                }
            }
            published += messages.size();
            tx.executeWithoutResult(status -> messages.forEach(eventStore::publish));
        }
        return published;
    }

    private static String orderIdOf(Object event) {
        return switch (event) {
            case OrderPlaced e -> e.orderId().toString();
            case OrderConfirmed e -> e.orderId().toString();
            case OrderRejected e -> e.orderId().toString();
            case OrderShipped e -> e.orderId().toString();
            case OrderDelivered e -> e.orderId().toString();
            case OrderCancelled e -> e.orderId().toString();
            default -> throw new IllegalArgumentException(event.toString());
        };
    }

    private static OrderPlaced placed(OrderId id, int lines) {
        List<OrderLine> orderLines = new ArrayList<>();
        for (int line = 0; line < lines; line++) {
            orderLines.add(new OrderLine(
                    UUID.randomUUID(), "SKU-" + line, "Thing " + line, line + 1, Money.of("2.50", "EUR")));
        }
        return new OrderPlaced(
                id,
                UUID.randomUUID(),
                orderLines,
                Money.of("2.50", "EUR"),
                new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE"));
    }
}
