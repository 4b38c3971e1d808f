package org.ledgerline.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.CancelOrder;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.DeliverOrder;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RejectOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShipOrder;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.order.spi.CatalogEntry;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Orders on real PostgreSQL: the whole life of one, and refusals that write nothing. */
@LedgerlineIntegrationTest
class OrderContextIT {

    private static final ShippingAddress ADDRESS = new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE");

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStore eventStore;

    @Test
    @DisplayName("an order is placed at catalog prices with an exact total, confirmed, shipped and delivered")
    void an_order_is_placed_with_exact_totals_confirmed_shipped_and_delivered() {
        UUID mug = onSale("MUG-1", "12.50");
        OrderId order = new OrderId(UUID.randomUUID());
        UUID customer = UUID.randomUUID();
        commands.sendAndWait(new PlaceOrder(order, customer, List.of(new RequestedLine(mug, 3)), ADDRESS));
        commands.sendAndWait(new ConfirmOrder(order));
        commands.sendAndWait(new ShipOrder(order, "TRACK-1", 1L));
        commands.sendAndWait(new DeliverOrder(order, 2L));

        assertThat(jdbc.queryForList(
                        "SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? "
                                + "ORDER BY sequencenumber",
                        String.class,
                        order.toString()))
                .containsExactly(
                        "order.OrderPlaced", "order.OrderConfirmed",
                        "order.OrderShipped", "order.OrderDelivered");
        assertThat(jdbc.queryForObject(
                        "SELECT convert_from(payload, 'UTF8') FROM domainevententry "
                                + "WHERE aggregateidentifier = ? AND sequencenumber = 0",
                        String.class,
                        order.toString()))
                .contains("\"total\":{\"amount\":37.50,\"currency\":\"EUR\"}");
        assertThat(eventStore
                        .readEvents(order.toString())
                        .asStream()
                        .findFirst()
                        .orElseThrow()
                        .getPayload())
                .isEqualTo(new OrderPlaced(
                        order,
                        customer,
                        List.of(new OrderLine(mug, "MUG-1", "MUG-1", 3, Money.of("12.50", "EUR"))),
                        Money.of("37.50", "EUR"),
                        ADDRESS));
    }

    @Test
    @DisplayName("the price on an order is the catalog's at placement; a later price change leaves it alone")
    void prices_are_captured_at_placement() {
        UUID lamp = onSale("LAMP-1", "30.00");
        OrderId order = new OrderId(UUID.randomUUID());
        commands.sendAndWait(new PlaceOrder(order, UUID.randomUUID(), List.of(new RequestedLine(lamp, 2)), ADDRESS));
        OrderTestApplication.CATALOG.put(
                lamp, new CatalogEntry(lamp, "LAMP-1", "LAMP-1", Money.of("99.00", "EUR"), true));
        commands.sendAndWait(new ConfirmOrder(order));

        OrderPlaced placed = (OrderPlaced) eventStore
                .readEvents(order.toString())
                .asStream()
                .findFirst()
                .orElseThrow()
                .getPayload();
        assertThat(placed.total()).isEqualTo(Money.of("60.00", "EUR"));
        assertThat(placed.lines().getFirst().unitPrice()).isEqualTo(Money.of("30.00", "EUR"));
    }

    @Test
    @DisplayName("an order for a product the catalog does not know is refused and writes nothing")
    void an_unknown_product_writes_nothing() {
        OrderId order = new OrderId(UUID.randomUUID());
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> commands.sendAndWait(
                        new PlaceOrder(order, UUID.randomUUID(), List.of(new RequestedLine(unknown, 1)), ADDRESS)))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining(unknown.toString());
        assertThat(events(order)).isZero();
    }

    @Test
    @DisplayName("a pending order is rejected once, a retried rejection writes nothing, and it cannot be cancelled")
    void a_rejection_is_final() {
        UUID cup = onSale("CUP-1", "2.00");
        OrderId order = new OrderId(UUID.randomUUID());
        commands.sendAndWait(new PlaceOrder(order, UUID.randomUUID(), List.of(new RequestedLine(cup, 1)), ADDRESS));
        commands.sendAndWait(new RejectOrder(order, "OUT_OF_STOCK"));
        commands.sendAndWait(new RejectOrder(order, "OUT_OF_STOCK"));
        assertThatThrownBy(() -> commands.sendAndWait(new CancelOrder(order, "never mind", 1L)))
                .isInstanceOf(IllegalTransitionException.class)
                .extracting(e -> ((IllegalTransitionException) e).currentState())
                .isEqualTo("REJECTED");
        assertThat(events(order)).isEqualTo(2);
    }

    @Test
    @DisplayName("an illegal transition or a stale expected version is refused and writes nothing")
    void an_illegal_transition_or_a_stale_version_writes_nothing() {
        UUID tea = onSale("TEA-1", "4.00");
        OrderId order = new OrderId(UUID.randomUUID());
        commands.sendAndWait(new PlaceOrder(order, UUID.randomUUID(), List.of(new RequestedLine(tea, 1)), ADDRESS));
        assertThatThrownBy(() -> commands.sendAndWait(new ShipOrder(order, "TRACK-2", null)))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("Order " + order + " is PENDING; only a CONFIRMED order can ship");
        commands.sendAndWait(new ConfirmOrder(order));
        assertThatThrownBy(() -> commands.sendAndWait(new CancelOrder(order, "oops", 0L)))
                .isInstanceOf(ConflictingAggregateVersionException.class);
        assertThat(events(order)).isEqualTo(2);
        commands.sendAndWait(new CancelOrder(order, "oops", 1L));
        assertThat(events(order)).isEqualTo(3);
    }

    private int events(OrderId order) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Integer.class, order.toString());
    }

    private static UUID onSale(String sku, String price) {
        UUID id = UUID.randomUUID();
        OrderTestApplication.CATALOG.put(id, new CatalogEntry(id, sku, sku, Money.of(price, "EUR"), true));
        return id;
    }
}
