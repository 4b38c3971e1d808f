package org.ledgerline.projections.orders;

import static org.ledgerline.projections.jooq.Tables.ORDERS;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.ledgerline.order.api.FindOrderStatuses;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.order.api.OrderStatuses;
import org.springframework.stereotype.Component;

/** Answers other contexts (the order saga's consistency check) with order statuses from the orders read model. */
@Component
class OrderStatusQueries {

    private final DSLContext sql;

    OrderStatusQueries(DSLContext sql) {
        this.sql = sql;
    }

    @QueryHandler
    OrderStatuses handle(FindOrderStatuses query) {
        Map<OrderId, OrderStatus> statuses = new HashMap<>();
        if (!query.orderIds().isEmpty()) {
            sql.select(ORDERS.ORDER_ID, ORDERS.STATUS)
                    .from(ORDERS)
                    .where(ORDERS.ORDER_ID.in(
                            query.orderIds().stream().map(OrderId::value).toList()))
                    .forEach(row -> statuses.put(new OrderId(row.value1()), OrderStatus.valueOf(row.value2())));
        }
        return new OrderStatuses(statuses);
    }
}
