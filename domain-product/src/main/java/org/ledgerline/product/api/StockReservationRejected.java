package org.ledgerline.product.api;

import java.util.UUID;

/** A reservation was refused; nothing was reserved. */
public record StockReservationRejected(
        ProductId productId, UUID orderId, int quantity, int available, StockRejectionReason reason) {}
