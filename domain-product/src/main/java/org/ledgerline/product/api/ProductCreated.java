package org.ledgerline.product.api;

import org.ledgerline.kernel.Money;

/** A product entered the catalog. */
public record ProductCreated(ProductId productId, String sku, String name, Money price, int initialStock) {}
