package org.ledgerline.projections.products;

import static org.ledgerline.projections.jooq.Tables.PRODUCTS;
import static org.ledgerline.projections.jooq.Tables.PRODUCT_RESERVATIONS;

import java.util.Locale;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductDiscontinued;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductPriceChanged;
import org.ledgerline.product.api.ProductRenamed;
import org.ledgerline.product.api.StockAdded;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.projections.jooq.tables.records.ProductsRecord;
import org.ledgerline.projections.progress.ProjectionProgress;
import org.ledgerline.projections.rebuild.ReadModelWrites;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code products} and {@code product_reservations}. Idempotent: every column is set to what the event says,
 * and {@code reserved} is recomputed from the reservation rows, which are inserted or deleted by order id. Catalog
 * events are row writes by primary key ({@link ReadModelWrites}); stock events are statements, because
 * {@code reserved} is a sum over the reservation rows.
 */
@Component
@ProcessingGroup(ProductsProjector.PROCESSING_GROUP)
class ProductsProjector {

    static final String PROCESSING_GROUP = "products";

    private final DSLContext sql;
    private final ReadModelWrites writes;
    private final ProjectionProgress progress;

    ProductsProjector(DSLContext sql, ReadModelWrites writes, ProjectionProgress progress) {
        this.sql = sql;
        this.writes = writes;
        this.progress = progress;
    }

    @EventHandler
    void on(ProductCreated event) {
        writes.insertIfAbsent(new ProductsRecord()
                .with(PRODUCTS.PRODUCT_ID, event.productId().value())
                .with(PRODUCTS.SKU, event.sku())
                .with(PRODUCTS.NAME, event.name())
                .with(PRODUCTS.SEARCH_NAME, event.name().toLowerCase(Locale.ROOT))
                .with(PRODUCTS.PRICE_AMOUNT, event.price().amount())
                .with(PRODUCTS.PRICE_SCALE, event.price().amount().scale())
                .with(PRODUCTS.CURRENCY, event.price().currency().getCurrencyCode())
                .with(PRODUCTS.AVAILABLE, event.initialStock()));
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(ProductPriceChanged event) {
        writes.update(product(event.productId())
                .with(PRODUCTS.PRICE_AMOUNT, event.price().amount())
                .with(PRODUCTS.PRICE_SCALE, event.price().amount().scale())
                .with(PRODUCTS.CURRENCY, event.price().currency().getCurrencyCode()));
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(ProductRenamed event) {
        writes.update(product(event.productId())
                .with(PRODUCTS.NAME, event.name())
                .with(PRODUCTS.SEARCH_NAME, event.name().toLowerCase(Locale.ROOT)));
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(ProductDiscontinued event) {
        writes.update(product(event.productId()).with(PRODUCTS.DISCONTINUED, true));
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(StockAdded event) {
        available(event.productId().value(), event.available());
    }

    @EventHandler
    void on(StockReserved event) {
        writes.execute(sql.insertInto(PRODUCT_RESERVATIONS)
                .set(PRODUCT_RESERVATIONS.PRODUCT_ID, event.productId().value())
                .set(PRODUCT_RESERVATIONS.ORDER_ID, event.orderId())
                .set(PRODUCT_RESERVATIONS.QUANTITY, event.quantity())
                .onConflictDoNothing());
        available(event.productId().value(), event.available());
    }

    @EventHandler
    void on(StockReservationReleased event) {
        settle(event.productId().value(), event.orderId());
        available(event.productId().value(), event.available());
    }

    @EventHandler
    void on(StockReservationCommitted event) {
        settle(event.productId().value(), event.orderId());
        available(event.productId().value(), null);
    }

    @ResetHandler
    void reset() {
        sql.deleteFrom(PRODUCT_RESERVATIONS).execute();
        sql.deleteFrom(PRODUCTS).execute();
    }

    /** A change to the product's row: its key, to which the caller adds the columns the event sets. */
    private static ProductsRecord product(ProductId productId) {
        return new ProductsRecord().with(PRODUCTS.PRODUCT_ID, productId.value());
    }

    private void settle(UUID productId, UUID orderId) {
        writes.execute(sql.deleteFrom(PRODUCT_RESERVATIONS)
                .where(PRODUCT_RESERVATIONS.PRODUCT_ID.eq(productId), PRODUCT_RESERVATIONS.ORDER_ID.eq(orderId)));
    }

    private void available(UUID productId, Integer available) {
        var update = sql.update(PRODUCTS)
                .set(
                        PRODUCTS.RESERVED,
                        DSL.select(DSL.coalesce(
                                                DSL.sum(PRODUCT_RESERVATIONS.QUANTITY),
                                                DSL.inline(java.math.BigDecimal.ZERO))
                                        .cast(Integer.class))
                                .from(PRODUCT_RESERVATIONS)
                                .where(PRODUCT_RESERVATIONS.PRODUCT_ID.eq(productId)));
        if (available != null) {
            update = update.set(PRODUCTS.AVAILABLE, available);
        }
        writes.execute(update.where(PRODUCTS.PRODUCT_ID.eq(productId)));
        progress.signalAfterCommit();
    }
}
