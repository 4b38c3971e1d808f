package org.ledgerline.projections.products;

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
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductPriceChanged;
import org.ledgerline.product.api.ProductRenamed;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The products projector on real PostgreSQL: exact rows, reservations counted once, the same rows after a replay. */
@LedgerlineIntegrationTest
class ProductsProjectorIT {

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void catalog_and_stock_events_become_exact_rows_and_a_replay_rebuilds_them() {
        ProductId id = new ProductId(UUID.randomUUID());
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        publish(id, 0, new ProductCreated(id, "LAMP-1", "Desk Lamp", Money.of("30.00", "EUR"), 10));
        publish(id, 1, new ProductPriceChanged(id, Money.of("30.00", "EUR"), Money.of("35.50", "EUR")));
        publish(id, 2, new ProductRenamed(id, "Desk Lamp XL"));
        publish(id, 3, new StockReserved(id, first, 3, 7));
        publish(id, 4, new StockReserved(id, second, 2, 5));
        publish(id, 5, new StockReservationReleased(id, first, 3, 8));

        await().atMost(Duration.ofSeconds(30))
                .ignoreException(EmptyResultDataAccessException.class)
                .untilAsserted(() -> assertThat(jdbc.queryForMap(
                                "SELECT name, search_name, available, reserved, price_amount::text AS price "
                                        + "FROM products WHERE product_id = ?",
                                id.value()))
                        .containsEntry("name", "Desk Lamp XL")
                        .containsEntry("search_name", "desk lamp xl")
                        .containsEntry("available", 8)
                        .containsEntry("reserved", 2)
                        .containsEntry("price", "35.5000"));
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM products ORDER BY product_id");

        StreamingEventProcessor processor = processing
                .eventProcessorByProcessingGroup(ProductsProjector.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.queryForList("SELECT * FROM products ORDER BY product_id"))
                        .isEqualTo(before));
    }

    private void publish(ProductId id, long sequence, Object payload) {
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> eventStore.publish(
                        new GenericDomainEventMessage<>("Product", id.toString(), sequence, payload)));
    }
}
