package org.ledgerline.order.boundaryfixture;

import org.ledgerline.product.catalog.ProductConfiguration;

/**
 * A deliberate boundary violation, seen only by {@code ModuleBoundariesTest} to prove its rule can fail: order code
 * reaching past the product context's api package. It lives in test sources, which the real check does not import.
 */
public class ReachesIntoAnotherModule {

    Object reach() {
        return new ProductConfiguration();
    }
}
