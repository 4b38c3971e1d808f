package org.ledgerline.product.api;

/** A product's price changed from {@code previousPrice} to {@code price}. */
public record ProductPriceChanged(ProductId productId, Money previousPrice, Money price) {
}
