package org.ledgerline.projections.orders;

import static org.ledgerline.projections.jooq.Tables.ORDERS;
import static org.ledgerline.projections.jooq.Tables.ORDER_LINES;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.ledgerline.http.Access;
import org.ledgerline.http.Caller;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.projections.config.ReadModelProcessor;
import org.ledgerline.projections.orders.OrderViews.Line;
import org.ledgerline.projections.orders.OrderViews.OrderView;
import org.ledgerline.projections.progress.ReadYourWrites;
import org.ledgerline.projections.web.Cursors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Orders as the read model has them. A customer sees their own orders (another's is 404); an ADMIN sees all. Lists
 * are newest first with keyset pagination: stable while new orders arrive, no duplicates or gaps across pages.
 */
@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders")
class OrderQueryController {

    private final DSLContext sql;
    private final ReadYourWrites readYourWrites;
    private final OrderViews views;
    private final OrderUpdates updates;

    OrderQueryController(DSLContext sql, ReadYourWrites readYourWrites, OrderViews views, OrderUpdates updates) {
        this.sql = sql;
        this.readYourWrites = readYourWrites;
        this.views = views;
        this.updates = updates;
    }

    @Schema(name = "OrderPage")
    record Page(List<OrderView> items, @Nullable String nextCursor) {}

    @GetMapping("/{orderId}")
    @Access(value = Access.Rule.OWNER_OR_ADMIN, owner = "orderId")
    @Operation(
            summary = "One order",
            description =
                    "The order's customer or an ADMIN; with "
                            + "X-Ledgerline-Min-Position the answer waits (up to 5 s) until the read model has that position, else 503.")
    OrderView order(
            @PathVariable UUID orderId,
            Caller caller,
            @RequestHeader(value = ReadYourWrites.HEADER, required = false) String minPosition) {
        readYourWrites.await(ReadModelProcessor.NAME, minPosition);
        OrderView order = views.find(orderId);
        if (order == null || !caller.isSelfOrAdmin(order.customerId())) {
            throw new NotFoundException("No order " + orderId);
        }
        return order;
    }

    @GetMapping(value = "/{orderId}/events", produces = "text/event-stream")
    @Access(value = Access.Rule.OWNER_OR_ADMIN, owner = "orderId")
    @Operation(
            summary = "Follow one order live",
            description = "Server-Sent Events: the order now, then the order "
                    + "again after every change (e.g. PENDING -> CONFIRMED), for up to 10 minutes.")
    SseEmitter follow(@PathVariable UUID orderId, Caller caller) throws java.io.IOException {
        OrderView order = views.find(orderId);
        if (order == null || !caller.isSelfOrAdmin(order.customerId())) {
            throw new NotFoundException("No order " + orderId);
        }
        SseEmitter emitter =
                updates.subscribe(orderId, java.time.Duration.ofMinutes(10).toMillis());
        emitter.send(SseEmitter.event().name("order").data(order));
        return emitter;
    }

    @GetMapping
    @Access(Access.Rule.AUTHENTICATED)
    @Operation(
            summary = "Orders, newest first",
            description = "A customer's own orders; an ADMIN's all (filter with "
                    + "customerId). Pass nextCursor as cursor for the next page; limit 1 to 200 (default 50).")
    Page orders(
            Caller caller,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID customerId,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @RequestHeader(value = ReadYourWrites.HEADER, required = false) String minPosition) {
        Cursors.requireLimit(limit);
        readYourWrites.await(ReadModelProcessor.NAME, minPosition);
        Condition where = DSL.noCondition();
        if (!caller.isAdmin()) {
            where = where.and(ORDERS.CUSTOMER_ID.eq(caller.userId()));
        } else if (customerId != null) {
            where = where.and(ORDERS.CUSTOMER_ID.eq(customerId));
        }
        if (status != null && !status.isBlank()) {
            where = where.and(ORDERS.STATUS.eq(statusOf(status)));
        }
        if (cursor != null && !cursor.isBlank()) {
            List<String> after = Cursors.decode(cursor, 2);
            OffsetDateTime createdAt;
            UUID orderId;
            try {
                createdAt = OffsetDateTime.parse(after.get(0));
                orderId = UUID.fromString(after.get(1));
            } catch (RuntimeException e) {
                throw new InvalidCommandException("cursor is not one this API returned");
            }
            where = where.and(DSL.row(ORDERS.CREATED_AT, ORDERS.ORDER_ID).lt(createdAt, orderId));
        }
        List<? extends Record> rows = sql.selectFrom(ORDERS)
                .where(where)
                .orderBy(ORDERS.CREATED_AT.desc(), ORDERS.ORDER_ID.desc())
                .limit(limit + 1)
                .fetch();
        boolean more = rows.size() > limit;
        List<? extends Record> page = more ? rows.subList(0, limit) : rows;
        List<Line>[] lines = linesFor(page);
        List<OrderView> items = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            items.add(OrderViews.view(page.get(i), lines[i]));
        }
        String next = more
                ? Cursors.encode(
                        page.getLast().get(ORDERS.CREATED_AT).toString(),
                        page.getLast().get(ORDERS.ORDER_ID).toString())
                : null;
        return new Page(items, next);
    }

    @SuppressWarnings("unchecked")
    private List<Line>[] linesFor(List<? extends Record> page) {
        List<UUID> ids = page.stream().map(row -> row.get(ORDERS.ORDER_ID)).toList();
        var byOrder = sql.selectFrom(ORDER_LINES)
                .where(ORDER_LINES.ORDER_ID.in(ids))
                .orderBy(ORDER_LINES.ORDER_ID, ORDER_LINES.LINE_NO)
                .fetchGroups(ORDER_LINES.ORDER_ID);
        List<Line>[] lines = new List[page.size()];
        for (int i = 0; i < page.size(); i++) {
            var rows = byOrder.get(ids.get(i));
            lines[i] = rows == null
                    ? List.of()
                    : rows.stream().map(OrderViews::line).toList();
        }
        return lines;
    }

    private static String statusOf(String status) {
        try {
            return OrderStatus.valueOf(status.trim().toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException("status is one of " + List.of(OrderStatus.values()));
        }
    }
}
