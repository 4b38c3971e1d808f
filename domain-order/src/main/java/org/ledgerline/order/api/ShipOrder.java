package org.ledgerline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Ships a confirmed order. */
public record ShipOrder(@TargetAggregateIdentifier OrderId orderId, String trackingNumber, @TargetAggregateVersion Long expectedVersion) {
}
