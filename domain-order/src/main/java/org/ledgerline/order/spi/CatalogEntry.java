package org.ledgerline.order.spi;

import java.util.UUID;
import org.ledgerline.kernel.Money;

/** A product as the order context sees it when placing an order. */
public record CatalogEntry(UUID productId, String sku, String name, Money price, boolean orderable) {}
