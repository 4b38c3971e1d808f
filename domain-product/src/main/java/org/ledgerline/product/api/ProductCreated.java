package org.ledgerline.product.api;

/** A product entered the catalog. */
public record ProductCreated(ProductId productId, String sku, String name, Money price) {
}
