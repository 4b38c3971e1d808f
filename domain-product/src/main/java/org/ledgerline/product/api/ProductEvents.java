package org.ledgerline.product.api;

import org.ledgerline.kernel.EventCatalog;

/**
 * The product context's published events: the name and revision each is stored and published under (Kafka topic
 * {@code <prefix>.product.events}), and the name it was stored under before names were pinned (its class name then).
 * Changing a name or a revision, or the shape of an event, is a contract change: see docs/adr/0017-event-contract.md.
 */
public final class ProductEvents {

    public static final EventCatalog CATALOG = EventCatalog.of("product")
            .event(ProductCreated.class, "product.ProductCreated", "1", "org.ledgerline.product.api.ProductCreated")
            .event(ProductRenamed.class, "product.ProductRenamed", "1", "org.ledgerline.product.api.ProductRenamed")
            .event(
                    ProductPriceChanged.class,
                    "product.ProductPriceChanged",
                    "1",
                    "org.ledgerline.product.api.ProductPriceChanged")
            .event(
                    ProductDiscontinued.class,
                    "product.ProductDiscontinued",
                    "1",
                    "org.ledgerline.product.api.ProductDiscontinued")
            .event(StockAdded.class, "product.StockAdded", "1", "org.ledgerline.product.api.StockAdded")
            .event(StockReserved.class, "product.StockReserved", "1", "org.ledgerline.product.api.StockReserved")
            .event(
                    StockReservationRejected.class,
                    "product.StockReservationRejected",
                    "1",
                    "org.ledgerline.product.api.StockReservationRejected")
            .event(
                    StockReservationReleased.class,
                    "product.StockReservationReleased",
                    "1",
                    "org.ledgerline.product.api.StockReservationReleased")
            .event(
                    StockReservationCommitted.class,
                    "product.StockReservationCommitted",
                    "1",
                    "org.ledgerline.product.api.StockReservationCommitted")
            .build();

    private ProductEvents() {}
}
