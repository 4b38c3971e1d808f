package org.ledgerline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Cancels a pending or confirmed order, with a reason (required); again on a cancelled order changes nothing. */
public record CancelOrder(
        @TargetAggregateIdentifier OrderId orderId,
        String reason,
        @TargetAggregateVersion Long expectedVersion) {}
