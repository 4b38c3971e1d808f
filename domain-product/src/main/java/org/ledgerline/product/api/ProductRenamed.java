package org.ledgerline.product.api;

/** A product got a new name. */
public record ProductRenamed(ProductId productId, String name) {}
