package org.ledgerline.order.api;

/** An order was cancelled; the saga releases its stock and refunds its payment. */
public record OrderCancelled(OrderId orderId, String reason, OrderStatus previousStatus) {}
