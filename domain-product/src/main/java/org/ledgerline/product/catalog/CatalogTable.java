package org.ledgerline.product.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductDiscontinued;
import org.ledgerline.product.api.ProductForOrdering;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductLookup;
import org.ledgerline.product.api.ProductPriceChanged;
import org.ledgerline.product.api.ProductRenamed;
import org.ledgerline.product.api.StockAdded;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code product_catalog} table and its lookup. Its handlers run in a subscribing processor (see
 * {@link ProductConfiguration}), inside the transaction of the command that produced the event, so the table is never
 * behind the products it describes. Read models for queries are the projections' business, not this table's.
 */
@Component
@ProcessingGroup(ProductConfiguration.CATALOG_GROUP)
class CatalogTable implements ProductLookup {

    private final JdbcTemplate jdbc;

    CatalogTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProductCreated event) {
        jdbc.update("INSERT INTO product_catalog (product_id, sku, name, price_amount, price_scale, price_currency, "
                            + "available) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (product_id) DO NOTHING",
                    event.productId().value(), event.sku(), event.name(), event.price().amount(),
                    event.price().amount().scale(), event.price().currency().getCurrencyCode(), event.initialStock());
    }

    @EventHandler
    void on(ProductPriceChanged event) {
        jdbc.update("UPDATE product_catalog SET price_amount = ?, price_scale = ?, price_currency = ? "
                            + "WHERE product_id = ?", event.price().amount(), event.price().amount().scale(),
                    event.price().currency().getCurrencyCode(), event.productId().value());
    }

    @EventHandler
    void on(ProductRenamed event) {
        jdbc.update("UPDATE product_catalog SET name = ? WHERE product_id = ?", event.name(),
                    event.productId().value());
    }

    @EventHandler
    void on(ProductDiscontinued event) {
        jdbc.update("UPDATE product_catalog SET discontinued = TRUE WHERE product_id = ?", event.productId().value());
    }

    @EventHandler
    void on(StockAdded event) {
        jdbc.update("UPDATE product_catalog SET available = ? WHERE product_id = ?", event.available(),
                    event.productId().value());
    }

    @EventHandler
    void on(StockReserved event) {
        jdbc.update("UPDATE product_catalog SET available = ?, reserved = reserved + ? WHERE product_id = ?",
                    event.available(), event.quantity(), event.productId().value());
    }

    @EventHandler
    void on(StockReservationReleased event) {
        jdbc.update("UPDATE product_catalog SET available = ?, reserved = reserved - ? WHERE product_id = ?",
                    event.available(), event.quantity(), event.productId().value());
    }

    @EventHandler
    void on(StockReservationCommitted event) {
        jdbc.update("UPDATE product_catalog SET reserved = reserved - ? WHERE product_id = ?", event.quantity(),
                    event.productId().value());
    }

    @Override
    public Optional<ProductForOrdering> find(ProductId productId) {
        return jdbc.query("SELECT product_id, sku, name, price_amount, price_scale, price_currency, available, "
                                  + "reserved, discontinued FROM product_catalog WHERE product_id = ?",
                          (rs, row) -> new ProductForOrdering(
                                  new ProductId(rs.getObject("product_id", UUID.class)), rs.getString("sku"),
                                  rs.getString("name"),
                                  new Money(scaled(rs.getBigDecimal("price_amount"), rs.getInt("price_scale")),
                                            Currency.getInstance(rs.getString("price_currency"))),
                                  rs.getInt("available"), rs.getInt("reserved"), rs.getBoolean("discontinued")),
                          productId.value())
                   .stream().findFirst();
    }

    private static BigDecimal scaled(BigDecimal amount, int scale) {
        return amount.setScale(scale, RoundingMode.UNNECESSARY);
    }
}
