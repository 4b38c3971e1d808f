package org.ledgerline.order.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Confirms a pending order (stock reserved, payment taken); again on a confirmed order changes nothing. */
public record ConfirmOrder(@TargetAggregateIdentifier OrderId orderId) {}
