package org.ledgerline.order.api;

import java.util.Map;

/** The answer to {@link FindOrderStatuses}: the status of each order the read model knows. */
public record OrderStatuses(Map<OrderId, OrderStatus> statuses) {

    public OrderStatuses {
        statuses = Map.copyOf(statuses);
    }
}
