package org.ledgerline.order.api;

import org.ledgerline.kernel.EventCatalog;

/**
 * The order context's published events: the name and revision each is stored and published under (Kafka topic
 * {@code <prefix>.order.events}), and the name it was stored under before names were pinned (its class name then).
 * Changing a name or a revision, or the shape of an event, is a contract change: see docs/adr/0017-event-contract.md.
 */
public final class OrderEvents {

    public static final EventCatalog CATALOG = EventCatalog.of("order")
            .event(OrderPlaced.class, "order.OrderPlaced", "1", "org.ledgerline.order.api.OrderPlaced")
            .event(OrderConfirmed.class, "order.OrderConfirmed", "1", "org.ledgerline.order.api.OrderConfirmed")
            .event(OrderRejected.class, "order.OrderRejected", "1", "org.ledgerline.order.api.OrderRejected")
            .event(OrderCancelled.class, "order.OrderCancelled", "1", "org.ledgerline.order.api.OrderCancelled")
            .event(OrderShipped.class, "order.OrderShipped", "1", "org.ledgerline.order.api.OrderShipped")
            .event(OrderDelivered.class, "order.OrderDelivered", "1", "org.ledgerline.order.api.OrderDelivered")
            .build();

    private OrderEvents() {}
}
