package org.ledgerline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Cancels a pending or confirmed order. */
public record CancelOrder(@TargetAggregateIdentifier OrderId orderId, String reason, @TargetAggregateVersion Long expectedVersion) {
}
