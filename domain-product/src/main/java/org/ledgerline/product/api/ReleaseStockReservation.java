package org.ledgerline.product.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives an order's reserved units back to the free stock (compensation). */
public record ReleaseStockReservation(
        @TargetAggregateIdentifier ProductId productId, UUID orderId) {}
