package org.ledgerline.order.spi;

import java.util.Optional;
import java.util.UUID;

/** Prices and names of products, to capture on an order at placement. */
public interface ProductCatalog {

    Optional<CatalogEntry> find(UUID productId);
}
