package org.ledgerline.product.api;

/** A product left the catalog. */
public record ProductDiscontinued(ProductId productId) {}
