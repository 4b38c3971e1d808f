package org.ledgerline.product.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Reserves units for an order, answered by {@link StockReserved} or, when the free stock cannot cover it or the
 * product was discontinued, by {@link StockReservationRejected}. An order the product has answered before (reserved,
 * refused, released or committed) gets no second answer: the saga may retry.
 */
public record ReserveStock(@TargetAggregateIdentifier ProductId productId, UUID orderId, int quantity) {}
