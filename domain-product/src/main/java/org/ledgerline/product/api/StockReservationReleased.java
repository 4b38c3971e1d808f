package org.ledgerline.product.api;

import java.util.UUID;

/** An order's reservation went back to the free stock. */
public record StockReservationReleased(ProductId productId, UUID orderId, int quantity, int available) {}
