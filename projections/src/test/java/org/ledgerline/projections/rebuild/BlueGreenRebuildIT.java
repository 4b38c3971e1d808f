package org.ledgerline.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A blue/green rebuild while a reader queries the model non-stop: the reader never sees an empty or partial model,
 * and the rebuilt rows equal the rows built live.
 */
@LedgerlineIntegrationTest
class BlueGreenRebuildIT {

    private static final int ORDERS = 1500;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    BlueGreenRebuilds rebuilds;

    @Test
    void a_rebuild_never_shows_a_half_built_model_and_ends_with_the_same_rows() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        for (int batch = 0; batch < ORDERS / 100; batch++) {
            tx.executeWithoutResult(status -> {
                for (int i = 0; i < 100; i++) {
                    OrderId id = new OrderId(UUID.randomUUID());
                    eventStore.publish(new GenericDomainEventMessage<>("Order", id.toString(), 0, placed(id)));
                    eventStore.publish(
                            new GenericDomainEventMessage<>("Order", id.toString(), 1, new OrderConfirmed(id)));
                }
            });
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        jdbc.queryForObject("SELECT count(*) FROM orders WHERE status = 'CONFIRMED'", Integer.class)
                                == ORDERS);
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM orders ORDER BY order_id");

        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().start(() -> {
            while (reading.get()) {
                seen.add(jdbc.queryForObject(
                        "SELECT count(*) FROM orders o JOIN order_lines l "
                                + "ON l.order_id = o.order_id WHERE o.status = 'CONFIRMED'",
                        Integer.class));
            }
        });
        try {
            rebuilds.start("orders");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> rebuilds.status("orders")
                            .map(RebuildStatus::state)
                            .orElse("")
                            .matches("DONE|FAILED"));
        } finally {
            reading.set(false);
            reader.join();
        }

        assertThat(rebuilds.status("orders").orElseThrow().state()).isEqualTo("DONE");
        assertThat(rebuilds.status("orders").orElseThrow().processed()).isGreaterThanOrEqualTo(2L * ORDERS);
        assertThat(seen).isNotEmpty().allMatch(count -> count == ORDERS);
        assertThat(jdbc.queryForList("SELECT * FROM orders ORDER BY order_id")).isEqualTo(before);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM information_schema.schemata "
                                + "WHERE schema_name LIKE 'rebuild_%' OR schema_name LIKE 'retired_%'",
                        Integer.class))
                .isZero();

        // The live processor carries on from where the rebuild stopped: a new event reaches the new tables.
        OrderId late = new OrderId(UUID.randomUUID());
        tx.executeWithoutResult(status ->
                eventStore.publish(new GenericDomainEventMessage<>("Order", late.toString(), 0, placed(late))));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class) == ORDERS + 1);
    }

    private static OrderPlaced placed(OrderId id) {
        return new OrderPlaced(
                id,
                UUID.randomUUID(),
                new ArrayList<>(List.of(new OrderLine(UUID.randomUUID(), "SKU", "Thing", 1, Money.of("5.00", "EUR")))),
                Money.of("5.00", "EUR"),
                new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE"));
    }
}
