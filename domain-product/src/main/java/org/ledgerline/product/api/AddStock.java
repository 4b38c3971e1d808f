package org.ledgerline.product.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Adds units (at least one) to the stock of a product in the catalog. */
public record AddStock(
        @TargetAggregateIdentifier ProductId productId,
        int quantity,
        @TargetAggregateVersion Long expectedVersion) {}
