package org.ledgerline.product.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.FindProductForOrdering;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductDiscontinued;
import org.ledgerline.product.api.ProductForOrdering;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductLookup;
import org.ledgerline.product.api.ProductPriceChanged;
import org.ledgerline.product.api.ProductRenamed;
import org.ledgerline.product.api.StockAdded;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code product_catalog} table and its lookup. Its handlers run in a subscribing processor (see
 * {@link ProductConfiguration}), inside the transaction of the command that produced the event, so the table is never
 * behind the products it describes. Other contexts read it through {@link ProductLookup} or the
 * {@link FindProductForOrdering} query; read models for the query API are the projections' business, not this table's.
 */
@Component
@ProcessingGroup(ProductConfiguration.CATALOG_GROUP)
class CatalogTable implements ProductLookup {

    private final JdbcTemplate jdbc;

    CatalogTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // Every handler also records the event's sequence number: the row's version is the product's aggregate version.

    @EventHandler
    void on(ProductCreated event, @SequenceNumber long version) {
        jdbc.update(
                "INSERT INTO product_catalog (product_id, sku, name, price_amount, price_scale, price_currency, "
                        + "available, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (product_id) DO NOTHING",
                event.productId().value(),
                event.sku(),
                event.name(),
                event.price().amount(),
                event.price().amount().scale(),
                event.price().currency().getCurrencyCode(),
                event.initialStock(),
                version);
    }

    @EventHandler
    void on(ProductPriceChanged event, @SequenceNumber long version) {
        jdbc.update(
                "UPDATE product_catalog SET price_amount = ?, price_scale = ?, price_currency = ?, version = ? "
                        + "WHERE product_id = ?",
                event.price().amount(),
                event.price().amount().scale(),
                event.price().currency().getCurrencyCode(),
                version,
                event.productId().value());
    }

    @EventHandler
    void on(ProductRenamed event, @SequenceNumber long version) {
        jdbc.update(
                "UPDATE product_catalog SET name = ?, version = ? WHERE product_id = ?",
                event.name(),
                version,
                event.productId().value());
    }

    @EventHandler
    void on(ProductDiscontinued event, @SequenceNumber long version) {
        jdbc.update(
                "UPDATE product_catalog SET discontinued = TRUE, version = ? WHERE product_id = ?",
                version,
                event.productId().value());
    }

    @EventHandler
    void on(StockAdded event, @SequenceNumber long version) {
        jdbc.update(
                "UPDATE product_catalog SET available = ?, version = ? WHERE product_id = ?",
                event.available(),
                version,
                event.productId().value());
    }

    @EventHandler
    void on(StockReserved event, @SequenceNumber long version) {
        jdbc.update(
                "UPDATE product_catalog SET available = ?, reserved = reserved + ?, version = ? "
                        + "WHERE product_id = ?",
                event.available(),
                event.quantity(),
                version,
                event.productId().value());
    }

    @EventHandler
    void on(StockReservationRejected event, @SequenceNumber long version) {
        // Nothing was reserved, but the product's version moved on.
        jdbc.update(
                "UPDATE product_catalog SET version = ? WHERE product_id = ?",
                version,
                event.productId().value());
    }

    @EventHandler
    void on(StockReservationReleased event, @SequenceNumber long version) {
        jdbc.update(
                "UPDATE product_catalog SET available = ?, reserved = reserved - ?, version = ? "
                        + "WHERE product_id = ?",
                event.available(),
                event.quantity(),
                version,
                event.productId().value());
    }

    @EventHandler
    void on(StockReservationCommitted event, @SequenceNumber long version) {
        jdbc.update(
                "UPDATE product_catalog SET reserved = reserved - ?, version = ? WHERE product_id = ?",
                event.quantity(),
                version,
                event.productId().value());
    }

    @Override
    public Optional<ProductForOrdering> find(ProductId productId) {
        return jdbc
                .query(
                        "SELECT product_id, sku, name, price_amount, price_scale, price_currency, available, "
                                + "discontinued FROM product_catalog WHERE product_id = ?",
                        (rs, row) -> new ProductForOrdering(
                                new ProductId(rs.getObject("product_id", UUID.class)),
                                rs.getString("sku"),
                                rs.getString("name"),
                                new Money(
                                        scaled(rs.getBigDecimal("price_amount"), rs.getInt("price_scale")),
                                        Currency.getInstance(rs.getString("price_currency"))),
                                rs.getInt("available"),
                                rs.getBoolean("discontinued")),
                        productId.value())
                .stream()
                .findFirst();
    }

    /** Answers {@code null} for an unknown product, as {@link FindProductForOrdering} documents. */
    @QueryHandler
    ProductForOrdering handle(FindProductForOrdering query) {
        return find(query.productId()).orElse(null);
    }

    private static BigDecimal scaled(BigDecimal amount, int scale) {
        return amount.setScale(scale, RoundingMode.UNNECESSARY);
    }
}
