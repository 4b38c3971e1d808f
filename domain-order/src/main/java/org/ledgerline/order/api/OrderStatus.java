package org.ledgerline.order.api;

/**
 * Where an order is: PENDING → CONFIRMED | REJECTED; CONFIRMED → SHIPPED → DELIVERED; PENDING or CONFIRMED →
 * CANCELLED.
 */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    REJECTED,
    CANCELLED,
    SHIPPED,
    DELIVERED
}
