package org.ledgerline.product.api;

import org.ledgerline.kernel.Money;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a product to the catalog. */
public record CreateProduct(@TargetAggregateIdentifier ProductId productId, String sku, String name, Money price) {
}
