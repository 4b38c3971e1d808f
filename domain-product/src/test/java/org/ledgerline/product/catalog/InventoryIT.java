package org.ledgerline.product.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ledgerline.testsupport.Retries.retryOn;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.AddStock;
import org.ledgerline.product.api.ChangeProductPrice;
import org.ledgerline.product.api.CommitStockReservation;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.DiscontinueProduct;
import org.ledgerline.product.api.ProductForOrdering;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductLookup;
import org.ledgerline.product.api.ReleaseStockReservation;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Stock on real PostgreSQL: contested reservations, the catalog table in step, unique SKUs. */
@LedgerlineIntegrationTest
class InventoryIT {

    @Autowired
    CommandGateway commands;

    @Autowired
    ProductLookup catalog;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    @DisplayName("20 orders racing for 5 units reserve exactly 5; 15 are refused; the catalog shows 0 free, 5 reserved")
    void twenty_orders_racing_for_five_units_reserve_exactly_five() throws Exception {
        ProductId product = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(product, "RACE-" + product, "Scarce", Money.of("9.99", "EUR"), 5));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> reservations = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                UUID order = UUID.randomUUID();
                reservations.add(pool.submit(() -> retryOn(
                        ConcurrencyException.class,
                        100,
                        () -> commands.sendAndWait(new ReserveStock(product, order, 1)))));
            }
            for (Future<?> reservation : reservations) {
                reservation.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(product, "StockReserved")).isEqualTo(5);
        assertThat(count(product, "StockReservationRejected")).isEqualTo(15);
        assertThat(catalog.find(product).orElseThrow().available()).isZero();
        assertThat(reserved(product)).isEqualTo(5);
        assertThat(version(product))
                .as("the row follows the product's last event")
                .isEqualTo(20);
    }

    @Test
    @DisplayName("the catalog row follows create, price, stock, reserve, release and commit in the same transaction")
    void the_catalog_table_follows_price_stock_and_reservations_in_the_same_transaction() {
        ProductId product = new ProductId(UUID.randomUUID());
        UUID order = UUID.randomUUID();
        commands.sendAndWait(new CreateProduct(product, "CAT-" + product, "Lamp", Money.of("30.00", "EUR"), 2));
        assertThat(catalog.find(product))
                .hasValue(
                        new ProductForOrdering(product, "CAT-" + product, "Lamp", Money.of("30.00", "EUR"), 2, false));
        assertThat(version(product)).isZero();
        commands.sendAndWait(new ChangeProductPrice(product, Money.of("35.50", "EUR"), null));
        commands.sendAndWait(new AddStock(product, 3, null));
        commands.sendAndWait(new ReserveStock(product, order, 4));
        assertThat(catalog.find(product))
                .hasValue(
                        new ProductForOrdering(product, "CAT-" + product, "Lamp", Money.of("35.50", "EUR"), 1, false));
        assertThat(reserved(product)).isEqualTo(4);
        commands.sendAndWait(new ReleaseStockReservation(product, order));
        ProductForOrdering released = catalog.find(product).orElseThrow();
        assertThat(released.available()).isEqualTo(5);
        assertThat(reserved(product)).isZero();
        assertThat(released.price().amount()).hasToString("35.50");

        UUID shipped = UUID.randomUUID();
        commands.sendAndWait(new ReserveStock(product, shipped, 2));
        commands.sendAndWait(new CommitStockReservation(product, shipped));
        assertThat(catalog.find(product).orElseThrow().available()).isEqualTo(3);
        assertThat(reserved(product)).as("committed units left for good").isZero();
        assertThat(version(product)).isEqualTo(6);

        commands.sendAndWait(new DiscontinueProduct(product, 6L));
        assertThat(catalog.find(product).orElseThrow().discontinued()).isTrue();
        assertThat(version(product)).isEqualTo(7);
    }

    @Test
    @DisplayName("of two creates racing for one SKU (in other case) one wins; the loser is refused, writes nothing")
    void of_two_concurrent_creates_with_one_sku_exactly_one_wins_and_the_loser_writes_nothing() throws Exception {
        List<ProductId> ids = List.of(new ProductId(UUID.randomUUID()), new ProductId(UUID.randomUUID()));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try {
            outcomes.add(pool.submit(() -> create(ids.get(0), "dup-sku-1")));
            outcomes.add(pool.submit(() -> create(ids.get(1), "DUP-SKU-1")));
            int winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN (?, ?)",
                        Integer.class,
                        ids.get(0).toString(),
                        ids.get(1).toString()))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM product_catalog WHERE product_id IN (?, ?)",
                        Integer.class,
                        ids.get(0).value(),
                        ids.get(1).value()))
                .isEqualTo(1);
    }

    private boolean create(ProductId id, String sku) {
        try {
            commands.sendAndWait(new CreateProduct(id, sku, "Twin", Money.of("1.00", "EUR"), 1));
            return true;
        } catch (AlreadyTakenException e) {
            return false;
        }
    }

    private int reserved(ProductId product) {
        return jdbc.queryForObject(
                "SELECT reserved FROM product_catalog WHERE product_id = ?", Integer.class, product.value());
    }

    private long version(ProductId product) {
        return jdbc.queryForObject(
                "SELECT version FROM product_catalog WHERE product_id = ?", Long.class, product.value());
    }

    private int count(ProductId product, String type) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? " + "AND payloadtype = ?",
                Integer.class,
                product.toString(),
                "product." + type);
    }
}
