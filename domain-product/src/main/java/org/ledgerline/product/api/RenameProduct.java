package org.ledgerline.product.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Gives a product a new name. */
public record RenameProduct(
        @TargetAggregateIdentifier ProductId productId,
        String name,
        @TargetAggregateVersion Long expectedVersion) {}
