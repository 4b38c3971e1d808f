package org.ledgerline.order.api;

/** An order was confirmed. */
public record OrderConfirmed(OrderId orderId) {}
