package org.ledgerline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Rejects a pending order with a reason: any text; the platform's own are {@link OrderRejectionReason}'s names. */
public record RejectOrder(@TargetAggregateIdentifier OrderId orderId, String reason) {}
