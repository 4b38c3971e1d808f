package org.ledgerline.product.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ledgerline.kernel.Money;

/** Adds a product to the catalog with its first stock. */
public record CreateProduct(
        @TargetAggregateIdentifier ProductId productId, String sku, String name, Money price, int initialStock) {}
