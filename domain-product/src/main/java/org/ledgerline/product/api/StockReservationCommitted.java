package org.ledgerline.product.api;

import java.util.UUID;

/** An order's reserved units left with the shipment. */
public record StockReservationCommitted(ProductId productId, UUID orderId, int quantity) {}
