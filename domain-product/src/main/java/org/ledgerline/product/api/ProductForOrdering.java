package org.ledgerline.product.api;

import org.ledgerline.kernel.Money;

/**
 * What another context may know of a product when ordering it: its current SKU, name and price, the units free to
 * reserve, and whether it was discontinued (then it can no longer be ordered).
 */
public record ProductForOrdering(
        ProductId productId, String sku, String name, Money price, int available, boolean discontinued) {}
