package org.ledgerline.product.api;

/**
 * Asks the product context what another context may know of a product when ordering it, as committed. Answered with
 * a {@link ProductForOrdering}, or with {@code null} when no product has this id; ask with
 * {@code queryGateway.query(new FindProductForOrdering(id), ProductForOrdering.class)}. Inside the platform the
 * {@link ProductLookup} bean answers the same without the query bus.
 */
public record FindProductForOrdering(ProductId productId) {}
