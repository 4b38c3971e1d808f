package org.ledgerline.product.api;

import java.util.Optional;

/** Finds products in the catalog, as committed (kept in the same transaction as the products' events). */
public interface ProductLookup {

    /** The product as committed, or empty when no product has this id. */
    Optional<ProductForOrdering> find(ProductId productId);
}
