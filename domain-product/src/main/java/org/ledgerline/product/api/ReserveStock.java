package org.ledgerline.product.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reserves units for an order; reserving again for the same order changes nothing. */
public record ReserveStock(@TargetAggregateIdentifier ProductId productId, UUID orderId, int quantity) {
}
