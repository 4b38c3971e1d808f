package org.ledgerline.product.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.ledgerline.kernel.Money;

/**
 * Sets a product's price.
 *
 * @param expectedVersion the aggregate version the caller saw ({@code If-Match}), or {@code null} for "whatever is
 *                        current"
 */
public record ChangeProductPrice(
        @TargetAggregateIdentifier ProductId productId,
        Money price,
        @TargetAggregateVersion Long expectedVersion) {}
