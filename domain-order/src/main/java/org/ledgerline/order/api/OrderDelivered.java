package org.ledgerline.order.api;

/** An order reached its customer. */
public record OrderDelivered(OrderId orderId) {}
