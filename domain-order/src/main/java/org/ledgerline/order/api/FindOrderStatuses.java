package org.ledgerline.order.api;

import java.util.Set;

/**
 * Asks where some orders are, as the orders read model has them (it may lag the event store a little). Answered
 * with {@link OrderStatuses}, which leaves out orders the read model does not know; ask with
 * {@code queryGateway.query(new FindOrderStatuses(ids), OrderStatuses.class)}.
 */
public record FindOrderStatuses(Set<OrderId> orderIds) {

    public FindOrderStatuses {
        orderIds = Set.copyOf(orderIds);
    }
}
