package org.ledgerline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Rejects a pending order with a reason ({@code OUT_OF_STOCK}, {@code PAYMENT_DECLINED}, {@code TIMEOUT}, ...). */
public record RejectOrder(@TargetAggregateIdentifier OrderId orderId, String reason) {
}
