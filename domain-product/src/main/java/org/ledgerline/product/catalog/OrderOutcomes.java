package org.ledgerline.product.catalog;

import java.util.UUID;
import org.ledgerline.product.api.ProductId;

/**
 * The orders a product answered for good (refused, released, committed), which the {@link Product} aggregate no
 * longer keeps (ADR 0024). Command handlers take it as a parameter; it reads the state of the command's own
 * transaction.
 */
interface OrderOutcomes {

    /** Whether {@code product} refused {@code order}, or reserved it and released or committed it since. */
    boolean settled(ProductId product, UUID order);
}
