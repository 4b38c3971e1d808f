package org.ledgerline.order.api;

import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Places an order; prices come from the catalog, not from the customer. */
public record PlaceOrder(
        @TargetAggregateIdentifier OrderId orderId,
        UUID customerId,
        List<RequestedLine> lines,
        ShippingAddress shippingAddress) {}
