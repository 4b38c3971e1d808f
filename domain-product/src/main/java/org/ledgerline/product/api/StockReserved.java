package org.ledgerline.product.api;

import java.util.UUID;

/** Units were reserved for an order. */
public record StockReserved(ProductId productId, UUID orderId, int quantity, int available) {}
