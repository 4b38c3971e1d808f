package org.ledgerline.order.api;

/** An order was rejected. */
public record OrderRejected(OrderId orderId, String reason) {}
