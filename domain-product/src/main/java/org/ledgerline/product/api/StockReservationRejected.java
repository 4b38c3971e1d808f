package org.ledgerline.product.api;

import java.util.UUID;

/** A reservation was refused ({@code OUT_OF_STOCK} or {@code DISCONTINUED}); nothing was reserved. */
public record StockReservationRejected(ProductId productId, UUID orderId, int quantity, int available, String reason) {
}
