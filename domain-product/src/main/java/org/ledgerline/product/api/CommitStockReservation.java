package org.ledgerline.product.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order shipped: its reserved units leave the stock for good. */
public record CommitStockReservation(
        @TargetAggregateIdentifier ProductId productId, UUID orderId) {}
