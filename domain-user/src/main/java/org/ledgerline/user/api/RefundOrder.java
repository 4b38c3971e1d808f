package org.ledgerline.user.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Refunds what an order was charged; nothing if it was not charged or already refunded. */
public record RefundOrder(@TargetAggregateIdentifier AccountId accountId, UUID orderId) {
}
