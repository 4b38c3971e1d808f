package org.ledgerline.product.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Adds units to a product's stock. */
public record AddStock(@TargetAggregateIdentifier ProductId productId, int quantity, @TargetAggregateVersion Long expectedVersion) {
}
