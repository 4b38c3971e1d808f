package org.ledgerline.projections.orders;

import static org.ledgerline.projections.jooq.Tables.ORDERS;
import static org.ledgerline.projections.jooq.Tables.ORDER_LINES;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderDelivered;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.projections.jooq.tables.records.OrderLinesRecord;
import org.ledgerline.projections.jooq.tables.records.OrdersRecord;
import org.ledgerline.projections.progress.ProjectionProgress;
import org.ledgerline.projections.rebuild.ReadModelWrites;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code orders} and {@code order_lines}. Idempotent: inserts ignore rows that exist, status changes set the
 * status the event names, so replaying any event again changes nothing. Writes are row writes by primary key
 * ({@link ReadModelWrites}), which a rebuild merges per row. A reset clears exactly these two tables.
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

    OrdersProjector(
            DSLContext sql,
            ReadModelWrites writes,
            ProjectionProgress progress,
            OrderUpdates updates,
            OrderViews views) {
        this.sql = sql;
        this.writes = writes;
        this.progress = progress;
        this.updates = updates;
        this.views = views;
    }

    @EventHandler
    void on(OrderPlaced event, @Timestamp Instant at) {
        OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
        UUID orderId = event.orderId().value();
        writes.insertIfAbsent(new OrdersRecord()
                .with(ORDERS.ORDER_ID, orderId)
                .with(ORDERS.CUSTOMER_ID, event.customerId())
                .with(ORDERS.STATUS, OrderStatus.PENDING.name())
                .with(ORDERS.TOTAL_AMOUNT, event.total().amount())
                .with(ORDERS.TOTAL_SCALE, event.total().amount().scale())
                .with(ORDERS.TOTAL_CURRENCY, event.total().currency().getCurrencyCode())
                .with(ORDERS.CREATED_AT, time)
                .with(ORDERS.UPDATED_AT, time));
        List<OrderLinesRecord> lines = new ArrayList<>(event.lines().size());
        int lineNo = 0;
        for (OrderLine line : event.lines()) {
            lines.add(new OrderLinesRecord()
                    .with(ORDER_LINES.ORDER_ID, orderId)
                    .with(ORDER_LINES.LINE_NO, ++lineNo)
                    .with(ORDER_LINES.PRODUCT_ID, line.productId())
                    .with(ORDER_LINES.SKU, line.sku())
                    .with(ORDER_LINES.NAME, line.name())
                    .with(ORDER_LINES.QUANTITY, line.quantity())
                    .with(ORDER_LINES.UNIT_PRICE_AMOUNT, line.unitPrice().amount())
                    .with(
                            ORDER_LINES.UNIT_PRICE_SCALE,
                            line.unitPrice().amount().scale())
                    .with(ORDER_LINES.CURRENCY, line.unitPrice().currency().getCurrencyCode()));
        }
        writes.insertIfAbsent(lines);
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(OrderConfirmed event, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.CONFIRMED, at, null, null);
    }

    @EventHandler
    void on(OrderRejected event, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.REJECTED, at, ORDERS.REJECTION_REASON, event.reason());
    }

    @EventHandler
    void on(OrderCancelled event, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.CANCELLED, at, null, null);
    }

    @EventHandler
    void on(OrderShipped event, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.SHIPPED, at, ORDERS.TRACKING_NUMBER, event.trackingNumber());
    }

    @EventHandler
    void on(OrderDelivered event, @Timestamp Instant at) {
        status(event.orderId(), OrderStatus.DELIVERED, at, null, null);
    }

    @ResetHandler
    void reset() {
        sql.deleteFrom(ORDER_LINES).execute();
        sql.deleteFrom(ORDERS).execute();
    }

    /** Sets the status the event names (and one more column the event carries, if any). */
    private void status(OrderId orderId, OrderStatus status, Instant at, Field<String> column, String value) {
        OrdersRecord changes = new OrdersRecord()
                .with(ORDERS.ORDER_ID, orderId.value())
                .with(ORDERS.STATUS, status.name())
                .with(ORDERS.UPDATED_AT, at.atOffset(ZoneOffset.UTC));
        if (column != null) {
            changes.set(column, value);
        }
        writes.update(changes);
        progress.signalAfterCommit();
        updates.changed(orderId.value(), views::find);
    }
}
