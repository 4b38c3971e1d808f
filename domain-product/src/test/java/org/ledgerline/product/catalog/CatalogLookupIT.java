package org.ledgerline.product.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.AddStock;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.FindProductForOrdering;
import org.ledgerline.product.api.ProductForOrdering;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductLookup;
import org.ledgerline.product.api.ReleaseStockReservation;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The catalog as other contexts ask for it, and inventory state that survives a snapshot, on real PostgreSQL. */
@LedgerlineIntegrationTest
class CatalogLookupIT {

    @Autowired
    CommandGateway commands;

    @Autowired
    QueryGateway queries;

    @Autowired
    ProductLookup lookup;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    @DisplayName("ProductLookup finds a created product as committed, and nothing for an unknown id")
    void lookup() {
        ProductId product = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(product, "LOOK-" + product, "Kettle", Money.of("24.90", "EUR"), 7));

        assertThat(lookup.find(product))
                .hasValue(new ProductForOrdering(
                        product, "LOOK-" + product, "Kettle", Money.of("24.90", "EUR"), 7, false));
        assertThat(lookup.find(new ProductId(UUID.randomUUID()))).isEmpty();
    }

    @Test
    @DisplayName("the FindProductForOrdering query answers the product, or null for an unknown id")
    void query() {
        ProductId product = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(product, "ASK-" + product, "Teapot", Money.of("19.00", "EUR"), 3));

        assertThat(queries.query(new FindProductForOrdering(product), ProductForOrdering.class)
                        .join())
                .isEqualTo(new ProductForOrdering(
                        product, "ASK-" + product, "Teapot", Money.of("19.00", "EUR"), 3, false));
        assertThat(queries.query(new FindProductForOrdering(new ProductId(UUID.randomUUID())), ProductForOrdering.class)
                        .join())
                .isNull();
    }

    @Test
    @DisplayName("a SKU already taken, in any case, is refused and the second product writes nothing")
    void skuTaken() {
        ProductId first = new ProductId(UUID.randomUUID());
        ProductId second = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(first, "TAKEN-" + first, "One", Money.of("1.00", "EUR"), 1));

        assertThatThrownBy(() -> commands.sendAndWait(
                        new CreateProduct(second, "taken-" + first, "Two", Money.of("1.00", "EUR"), 1)))
                .isInstanceOf(AlreadyTakenException.class);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                        Integer.class,
                        second.toString()))
                .isZero();
        assertThat(lookup.find(second)).isEmpty();
    }

    @Test
    @DisplayName("reservations, refusals and releases are remembered across a snapshot")
    void snapshot() {
        ProductId product = new ProductId(UUID.randomUUID());
        UUID reserved = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        commands.sendAndWait(new CreateProduct(product, "SNAP-" + product, "Jug", Money.of("8.00", "EUR"), 2));
        commands.sendAndWait(new ReserveStock(product, reserved, 2));
        commands.sendAndWait(new ReserveStock(product, refused, 1));
        commands.sendAndWait(new AddStock(product, 1, null));
        // Threshold 3 (test application.yaml): the snapshotter runs off the command thread after the commit.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?",
                                Integer.class,
                                product.toString()))
                        .isEqualTo(1));

        commands.sendAndWait(new ReserveStock(product, reserved, 2));
        commands.sendAndWait(new ReserveStock(product, refused, 1));
        assertThat(events(product))
                .as("retries after the snapshot are not answered again")
                .isEqualTo(4);

        commands.sendAndWait(new ReleaseStockReservation(product, reserved));
        assertThat(events(product)).isEqualTo(5);
        assertThat(lookup.find(product).orElseThrow().available()).isEqualTo(3);
    }

    private int events(ProductId product) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Integer.class,
                product.toString());
    }
}
