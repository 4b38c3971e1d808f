package org.ledgerline.projections.orders;

import static org.ledgerline.projections.jooq.Tables.ORDERS;
import static org.ledgerline.projections.jooq.Tables.ORDER_LINES;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.ledgerline.projections.rebuild.ReadModelWrites;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderDelivered;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.projections.progress.ProjectionProgress;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code orders} and {@code order_lines}. Idempotent: inserts ignore rows that exist, status changes set the
 * status the event names, so replaying any event again changes nothing. A reset clears exactly these two tables.
 */
@Component
@ProcessingGroup(OrdersProjector.PROCESSING_GROUP)
class OrdersProjector {

    static final String PROCESSING_GROUP = "orders";

    private final DSLContext sql;
    private final ReadModelWrites writes;
    private final ProjectionProgress progress;
    private final OrderUpdates updates;
    private final OrderViews views;

    OrdersProjector(DSLContext sql, ReadModelWrites writes, ProjectionProgress progress, OrderUpdates updates, OrderViews views) {
        this.sql = sql;
        this.writes = writes;
        this.progress = progress;
        this.updates = updates;
        this.views = views;
    }

    @EventHandler
    void on(OrderPlaced event, @Timestamp Instant at) {
        OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
        writes.execute(sql.insertInto(ORDERS)
           .set(ORDERS.ORDER_ID, event.orderId().value())
           .set(ORDERS.CUSTOMER_ID, event.customerId())
           .set(ORDERS.STATUS, OrderStatus.PENDING.name())
           .set(ORDERS.TOTAL_AMOUNT, event.total().amount())
           .set(ORDERS.TOTAL_SCALE, event.total().amount().scale())
           .set(ORDERS.TOTAL_CURRENCY, event.total().currency().getCurrencyCode())
           .set(ORDERS.CREATED_AT, time)
           .set(ORDERS.UPDATED_AT, time)
           .onConflictDoNothing()
           );
        var insert = sql.insertInto(ORDER_LINES, ORDER_LINES.ORDER_ID, ORDER_LINES.LINE_NO, ORDER_LINES.PRODUCT_ID,
                                    ORDER_LINES.SKU, ORDER_LINES.NAME, ORDER_LINES.QUANTITY,
                                    ORDER_LINES.UNIT_PRICE_AMOUNT, ORDER_LINES.UNIT_PRICE_SCALE,
                                    ORDER_LINES.CURRENCY);
        int lineNo = 0;
        for (OrderLine line : event.lines()) {
            insert = insert.values(event.orderId().value(), ++lineNo, line.productId(), line.sku(), line.name(),
                                   line.quantity(), line.unitPrice().amount(), line.unitPrice().amount().scale(),
                                   line.unitPrice().currency().getCurrencyCode());
        }
        writes.execute(insert.onConflictDoNothing());
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(OrderConfirmed event, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.CONFIRMED, at);
    }

    @EventHandler
    void on(OrderRejected event, @Timestamp Instant at) {
        writes.execute(sql.update(ORDERS).set(ORDERS.REJECTION_REASON, event.reason())
           .where(ORDERS.ORDER_ID.eq(event.orderId().value())));
        status(event.orderId(), OrderStatus.REJECTED, at);
    }

    @EventHandler
    void on(OrderCancelled event, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.CANCELLED, at);
    }

    @EventHandler
    void on(OrderShipped event, @Timestamp Instant at) {
        writes.execute(sql.update(ORDERS).set(ORDERS.TRACKING_NUMBER, event.trackingNumber())
           .where(ORDERS.ORDER_ID.eq(event.orderId().value())));
        status(event.orderId(), OrderStatus.SHIPPED, at);
    }

    @EventHandler
    void on(OrderDelivered event, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.DELIVERED, at);
    }

    @ResetHandler
    void reset() {
        sql.deleteFrom(ORDER_LINES).execute();
        sql.deleteFrom(ORDERS).execute();
    }

    private void status(OrderId orderId, OrderStatus status, Instant at) {
        writes.execute(sql.update(ORDERS)
           .set(ORDERS.STATUS, status.name())
           .set(ORDERS.UPDATED_AT, at.atOffset(ZoneOffset.UTC))
           .where(ORDERS.ORDER_ID.eq(orderId.value()))
           );
        progress.signalAfterCommit();
        updates.changed(orderId.value(), views::find);
    }
}
