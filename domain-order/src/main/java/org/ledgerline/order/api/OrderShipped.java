package org.ledgerline.order.api;

/** An order left the warehouse. */
public record OrderShipped(OrderId orderId, String trackingNumber) {}
