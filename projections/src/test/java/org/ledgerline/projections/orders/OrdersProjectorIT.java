package org.ledgerline.projections.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The orders projector on real PostgreSQL: exact rows, and a replay from zero rebuilds the same rows. */
@LedgerlineIntegrationTest
class OrdersProjectorIT {

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void events_become_exact_rows_and_a_replay_rebuilds_the_same_rows() {
        OrderId confirmed = new OrderId(UUID.randomUUID());
        OrderId rejected = new OrderId(UUID.randomUUID());
        UUID customer = UUID.randomUUID();
        UUID mug = UUID.randomUUID();
        publish(confirmed.toString(), 0, placed(confirmed, customer, mug));
        publish(confirmed.toString(), 1, new OrderConfirmed(confirmed));
        publish(rejected.toString(), 0, placed(rejected, customer, mug));
        publish(rejected.toString(), 1, new OrderRejected(rejected, "OUT_OF_STOCK"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(jdbc.queryForList("SELECT status FROM orders ORDER BY status", String.class))
                                .containsExactly("CONFIRMED", "REJECTED"));
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM orders WHERE order_id = ?", rejected.value());
        assertThat(row)
                .containsEntry("customer_id", customer)
                .containsEntry("total_currency", "EUR")
                .containsEntry("rejection_reason", "OUT_OF_STOCK")
                .containsEntry("total_scale", 2);
        assertThat(row.get("total_amount").toString()).isEqualTo("37.5000");
        assertThat(jdbc.queryForMap(
                        "SELECT sku, quantity, unit_price_amount FROM order_lines WHERE order_id = ?",
                        confirmed.value()))
                .containsEntry("sku", "MUG-1")
                .containsEntry("quantity", 3);
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM orders ORDER BY order_id");

        StreamingEventProcessor processor = processing
                .eventProcessorByProcessingGroup(OrdersProjector.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class))
                .isZero();
        processor.start();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.queryForList("SELECT * FROM orders ORDER BY order_id"))
                        .isEqualTo(before));
    }

    private static OrderPlaced placed(OrderId id, UUID customer, UUID product) {
        return new OrderPlaced(
                id,
                customer,
                List.of(new OrderLine(product, "MUG-1", "Mug", 3, Money.of("12.50", "EUR"))),
                Money.of("37.50", "EUR"),
                new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE"));
    }

    private void publish(String aggregate, long sequence, Object payload) {
        new TransactionTemplate(transactions)
                .executeWithoutResult(status ->
                        eventStore.publish(new GenericDomainEventMessage<>("Order", aggregate, sequence, payload)));
    }
}
