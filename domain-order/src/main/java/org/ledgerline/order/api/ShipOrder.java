package org.ledgerline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Ships a confirmed order; the tracking number is 1 to 64 characters. */
public record ShipOrder(
        @TargetAggregateIdentifier OrderId orderId,
        String trackingNumber,
        @TargetAggregateVersion Long expectedVersion) {}
