package org.ledgerline.order.ordering;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.EnumSet;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.order.api.CancelOrder;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.DeliverOrder;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderDelivered;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RejectOrder;
import org.ledgerline.order.api.ShipOrder;
import org.ledgerline.order.spi.ProductCatalog;

/**
 * An order. Placement captures prices from the catalog; the saga confirms or rejects it; an operator ships and
 * delivers it. Repeating the saga's step on an order already past it changes nothing (retries are safe); every other
 * move the status does not allow is refused with the status it is in.
 */
@Aggregate(
        snapshotTriggerDefinition = OrderConfiguration.SNAPSHOT_TRIGGER,
        cache = "aggregateCache",
        lockFactory = "aggregateLockFactory")
class Order {

    @AggregateIdentifier
    private OrderId orderId;

    private OrderStatus status;

    protected Order() {
        // For Axon: rebuilt from events or a snapshot.
    }

    @CommandHandler
    Order(PlaceOrder command, ProductCatalog catalog) {
        if (command.customerId() == null) {
            throw new InvalidCommandException("An order belongs to a customer");
        }
        List<OrderLine> lines = OrderRules.priced(command.lines(), catalog);
        apply(new OrderPlaced(
                command.orderId(),
                command.customerId(),
                lines,
                OrderRules.total(lines),
                OrderRules.address(command.shippingAddress())));
    }

    @CommandHandler
    void handle(ConfirmOrder command) {
        if (status == OrderStatus.CONFIRMED) {
            return;
        }
        require(EnumSet.of(OrderStatus.PENDING), "be confirmed");
        apply(new OrderConfirmed(orderId));
    }

    @CommandHandler
    void handle(RejectOrder command) {
        if (status == OrderStatus.REJECTED) {
            return;
        }
        require(EnumSet.of(OrderStatus.PENDING), "be rejected");
        apply(new OrderRejected(orderId, OrderRules.required(command.reason(), "reason", 500)));
    }

    @CommandHandler
    void handle(CancelOrder command) {
        if (status == OrderStatus.CANCELLED) {
            return;
        }
        require(EnumSet.of(OrderStatus.PENDING, OrderStatus.CONFIRMED), "be cancelled");
        apply(new OrderCancelled(orderId, OrderRules.required(command.reason(), "reason", 500), status));
    }

    @CommandHandler
    void handle(ShipOrder command) {
        require(EnumSet.of(OrderStatus.CONFIRMED), "ship");
        apply(new OrderShipped(orderId, OrderRules.required(command.trackingNumber(), "trackingNumber", 64)));
    }

    @CommandHandler
    void handle(DeliverOrder command) {
        require(EnumSet.of(OrderStatus.SHIPPED), "be delivered");
        apply(new OrderDelivered(orderId));
    }

    private void require(EnumSet<OrderStatus> allowed, String action) {
        if (!allowed.contains(status)) {
            String only = allowed.stream()
                    .map(Enum::name)
                    .reduce((a, b) -> a + " or " + b)
                    .orElseThrow();
            throw new IllegalTransitionException(
                    "Order " + orderId + " is " + status + "; only a " + only + " order can " + action, status.name());
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        status = OrderStatus.PENDING;
    }

    @EventSourcingHandler
    void on(OrderConfirmed event) {
        status = OrderStatus.CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderRejected event) {
        status = OrderStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(OrderCancelled event) {
        status = OrderStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(OrderShipped event) {
        status = OrderStatus.SHIPPED;
    }

    @EventSourcingHandler
    void on(OrderDelivered event) {
        status = OrderStatus.DELIVERED;
    }
}
