package org.ledgerline.order.api;

import java.util.List;
import java.util.UUID;
import org.ledgerline.kernel.Money;

/** An order was placed and waits for stock and payment. */
public record OrderPlaced(
        OrderId orderId, UUID customerId, List<OrderLine> lines, Money total, ShippingAddress shippingAddress) {}
