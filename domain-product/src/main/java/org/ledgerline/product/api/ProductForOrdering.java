package org.ledgerline.product.api;

import org.ledgerline.kernel.Money;

/** What another context may know of a product when ordering it. */
public record ProductForOrdering(ProductId productId, String sku, String name, Money price, int available,
                                 int reserved, boolean discontinued) {
}
