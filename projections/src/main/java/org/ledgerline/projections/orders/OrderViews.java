package org.ledgerline.projections.orders;

import static org.ledgerline.projections.jooq.Tables.ORDERS;
import static org.ledgerline.projections.jooq.Tables.ORDER_LINES;

import jakarta.annotation.Nullable;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.ledgerline.http.MoneyBody;
import org.springframework.stereotype.Component;

/** Orders as the API shows them, read from the orders read model. */
@Component
class OrderViews {

    private final DSLContext sql;

    OrderViews(DSLContext sql) {
        this.sql = sql;
    }

    record Line(UUID productId, String sku, String name, int quantity, MoneyBody unitPrice) {}

    record OrderView(
            UUID orderId,
            UUID customerId,
            String status,
            List<Line> lines,
            MoneyBody total,
            @Nullable String rejectionReason,
            @Nullable String trackingNumber,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /** The order, or null when the read model does not have it (yet). */
    OrderView find(UUID orderId) {
        Record row = sql.selectFrom(ORDERS).where(ORDERS.ORDER_ID.eq(orderId)).fetchOne();
        return row == null ? null : view(row, linesOf(orderId));
    }

    List<Line> linesOf(UUID orderId) {
        return sql.selectFrom(ORDER_LINES)
                .where(ORDER_LINES.ORDER_ID.eq(orderId))
                .orderBy(ORDER_LINES.LINE_NO)
                .fetch(OrderViews::line);
    }

    static Line line(Record row) {
        return new Line(
                row.get(ORDER_LINES.PRODUCT_ID),
                row.get(ORDER_LINES.SKU),
                row.get(ORDER_LINES.NAME),
                row.get(ORDER_LINES.QUANTITY),
                new MoneyBody(
                        row.get(ORDER_LINES.UNIT_PRICE_AMOUNT)
                                .setScale(row.get(ORDER_LINES.UNIT_PRICE_SCALE), RoundingMode.UNNECESSARY),
                        row.get(ORDER_LINES.CURRENCY)));
    }

    static OrderView view(Record row, List<Line> lines) {
        return new OrderView(
                row.get(ORDERS.ORDER_ID),
                row.get(ORDERS.CUSTOMER_ID),
                row.get(ORDERS.STATUS),
                lines,
                new MoneyBody(
                        row.get(ORDERS.TOTAL_AMOUNT).setScale(row.get(ORDERS.TOTAL_SCALE), RoundingMode.UNNECESSARY),
                        row.get(ORDERS.TOTAL_CURRENCY)),
                row.get(ORDERS.REJECTION_REASON),
                row.get(ORDERS.TRACKING_NUMBER),
                row.get(ORDERS.CREATED_AT),
                row.get(ORDERS.UPDATED_AT));
    }
}
