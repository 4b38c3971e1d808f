package org.ledgerline.order.api;

import java.util.UUID;
import org.ledgerline.kernel.Money;

/** A line as placed: the product's SKU, name and unit price captured from the catalog at placement. */
public record OrderLine(UUID productId, String sku, String name, int quantity, Money unitPrice) {}
