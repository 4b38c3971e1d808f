package org.ledgerline.product.api;

import org.ledgerline.kernel.Money;

/** A product's price changed from {@code previousPrice} to {@code price}. */
public record ProductPriceChanged(ProductId productId, Money previousPrice, Money price) {}
