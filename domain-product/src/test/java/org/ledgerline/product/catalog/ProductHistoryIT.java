package org.ledgerline.product.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.CommitStockReservation;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ReleaseStockReservation;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.product.api.StockRejectionReason;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A product that has answered 100,000 orders (ADR 0024): late and repeated commands for its earliest orders are still
 * answered "already done" with nothing appended, its snapshot is as small as a new product's, events stored before
 * the outcome table existed are back-filled by the migration, and a snapshot of the earlier, bloated shape still
 * loads. The history is appended in bulk through the storage engine, not as 100,000 commands. Without the aggregate
 * cache, so every command loads the product from the store.
 */
@LedgerlineIntegrationTest(properties = "ledgerline.event-store.aggregate-cache-size=0")
class ProductHistoryIT {

    private static final Logger log = LoggerFactory.getLogger(ProductHistoryIT.class);
    private static final int ORDERS = 100_000;
    private static final int STOCK = 1_000_000;

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    Snapshotter snapshotter;

    @Autowired
    Repository<Product> products;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_product_with_a_long_history_answers_late_commands_from_the_outcome_table_and_keeps_a_small_snapshot()
            throws IOException {
        ProductId small = newProduct();
        long smallLast = appendHistory(small, 10);
        ProductId big = newProduct();
        long bigLast = appendHistory(big, ORDERS);

        assertThat(outcomes(big))
                .as("one row per answered order, written by the appends")
                .isEqualTo(ORDERS);

        // Events stored before the table existed: the migration's back-fill gives them their rows.
        jdbc.update("DELETE FROM product_order_outcome WHERE product_id = ?", big.toString());
        jdbc.update(backFill());
        assertThat(outcomes(big)).as("back-filled from the stored events").isEqualTo(ORDERS);

        long smallSnapshot = snapshot(small, smallLast);
        long started = System.nanoTime();
        long bigSnapshot = snapshot(big, bigLast);
        long fromEventsMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(bigSnapshot)
                .as("the snapshot does not grow with the history")
                .isLessThan(1024)
                .isBetween(smallSnapshot - 16, smallSnapshot + 16);

        started = System.nanoTime();
        long version = load(big);
        long fromSnapshotMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(version).isEqualTo(bigLast);

        lateCommandsChangeNothing(big, bigLast);

        // A snapshot of the earlier shape (every settled and refused order in it) still loads, and answers the same.
        jdbc.update("""
                UPDATE snapshotevententry SET payload = convert_to((convert_from(payload, 'UTF8')::jsonb
                    || jsonb_build_object(
                        'settled', (SELECT jsonb_object_agg(order_id::text, outcome = 'COMMITTED')
                                    FROM product_order_outcome WHERE product_id = ? AND outcome <> 'REFUSED'),
                        'refused', (SELECT jsonb_agg(order_id::text)
                                    FROM product_order_outcome WHERE product_id = ? AND outcome = 'REFUSED')))::text,
                    'UTF8')
                WHERE aggregateidentifier = ? AND sequencenumber = ?""", big.toString(), big.toString(), big.toString(), bigLast);
        long oldShape = snapshotSize(big, bigLast);
        started = System.nanoTime();
        assertThat(load(big)).isEqualTo(bigLast);
        long fromOldSnapshotMs = (System.nanoTime() - started) / 1_000_000;
        lateCommandsChangeNothing(big, bigLast);

        UUID fresh = UUID.randomUUID();
        commands.sendAndWait(new ReserveStock(big, fresh, 2));
        assertThat(lastPayloadType(big)).isEqualTo("product.StockReserved");
        assertThat(events(big)).isEqualTo(bigLast + 2);
        commands.sendAndWait(new ReserveStock(big, fresh, 2));
        assertThat(events(big)).as("a repeated reservation of an open order").isEqualTo(bigLast + 2);

        log.info(
                "product with {} orders: snapshot {} bytes (a product with 10 orders: {}; the earlier shape: {}),"
                        + " load from snapshot {} ms, from the earlier-shape snapshot {} ms,"
                        + " snapshot taken from {} events in {} ms",
                ORDERS,
                bigSnapshot,
                smallSnapshot,
                oldShape,
                fromSnapshotMs,
                fromOldSnapshotMs,
                bigLast + 1,
                fromEventsMs);
    }

    private void lateCommandsChangeNothing(ProductId product, long last) {
        for (int i : new int[] {0, 1, 2, 10, 11, 12, ORDERS - 1}) {
            commands.sendAndWait(new ReserveStock(product, order(product, i), 1));
            commands.sendAndWait(new CommitStockReservation(product, order(product, i)));
            commands.sendAndWait(new ReleaseStockReservation(product, order(product, i)));
        }
        assertThat(events(product))
                .as("refused, committed and released orders are answered already: nothing appended")
                .isEqualTo(last + 1);
    }

    private ProductId newProduct() {
        ProductId id = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(id, "HIST-" + id.value(), "History", Money.of("1.00", "EUR"), STOCK));
        return id;
    }

    /** Order i: every tenth refused, the others reserved and then committed (odd) or released (even). */
    private long appendHistory(ProductId product, int orders) {
        String id = product.toString();
        long sequence = 0; // ProductCreated
        int available = STOCK;
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            UUID order = order(product, i);
            if (i % 10 == 0) {
                batch.add(event(
                        id,
                        ++sequence,
                        new StockReservationRejected(
                                product, order, STOCK + 1, available, StockRejectionReason.OUT_OF_STOCK)));
            } else {
                available--;
                batch.add(event(id, ++sequence, new StockReserved(product, order, 1, available)));
                if (i % 2 == 1) {
                    batch.add(event(id, ++sequence, new StockReservationCommitted(product, order, 1)));
                } else {
                    available++;
                    batch.add(event(id, ++sequence, new StockReservationReleased(product, order, 1, available)));
                }
            }
            if (batch.size() >= 5_000 || i == orders - 1) {
                List<DomainEventMessage<?>> appending = List.copyOf(batch);
                transactionManager.executeInTransaction(() -> engine.appendEvents(appending));
                batch.clear();
            }
        }
        return sequence;
    }

    private static DomainEventMessage<?> event(String id, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(Product.class.getSimpleName(), id, sequence, payload);
    }

    private static UUID order(ProductId product, int i) {
        return new UUID(product.value().getMostSignificantBits(), i);
    }

    private long snapshot(ProductId product, long last) {
        snapshotter.scheduleSnapshot(Product.class, product.toString());
        await().atMost(Duration.ofMinutes(3))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?"
                                        + " AND sequencenumber = ?",
                                Integer.class,
                                product.toString(),
                                last)
                        == 1);
        return snapshotSize(product, last);
    }

    private long snapshotSize(ProductId product, long sequence) {
        return jdbc.queryForObject(
                "SELECT octet_length(payload) FROM snapshotevententry WHERE aggregateidentifier = ?"
                        + " AND sequencenumber = ?",
                Long.class,
                product.toString(),
                sequence);
    }

    private long load(ProductId product) {
        return DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(() -> products.load(product.toString()).version())
                .getPayload();
    }

    private int outcomes(ProductId product) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM product_order_outcome WHERE product_id = ?", Integer.class, product.toString());
    }

    private long events(ProductId product) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, product.toString());
    }

    private String lastPayloadType(ProductId product) {
        return jdbc.queryForObject(
                "SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ?"
                        + " ORDER BY sequencenumber DESC LIMIT 1",
                String.class,
                product.toString());
    }

    /** The back-fill statement of migration V11_3, as a database with events from before it ran executes it. */
    private static String backFill() throws IOException {
        try (InputStream in =
                ProductHistoryIT.class.getResourceAsStream("/db/migration/V11_3__product_order_outcome.sql")) {
            String migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return migration.substring(migration.lastIndexOf("INSERT INTO product_order_outcome"));
        }
    }
}
