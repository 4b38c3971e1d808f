package org.ledgerline.product.api;

/** Units were added; {@code available} is the stock free to reserve after it. */
public record StockAdded(ProductId productId, int quantity, int available) {}
