package org.ledgerline.product.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Takes a product out of the catalog: no new reservations, no more changes. */
public record DiscontinueProduct(
        @TargetAggregateIdentifier ProductId productId,
        @TargetAggregateVersion Long expectedVersion) {}
