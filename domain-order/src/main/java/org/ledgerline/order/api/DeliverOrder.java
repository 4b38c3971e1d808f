package org.ledgerline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Marks a shipped order delivered. */
public record DeliverOrder(
        @TargetAggregateIdentifier OrderId orderId,
        @TargetAggregateVersion Long expectedVersion) {}
