package org.ledgerline.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.CancelOrder;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.DeliverOrder;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.PlaceOrder;
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

    @Test
    void an_order_is_placed_with_exact_totals_confirmed_shipped_and_delivered() {
        UUID mug = onSale("MUG-1", "12.50");
        OrderId order = new OrderId(UUID.randomUUID());
        commands.sendAndWait(new PlaceOrder(order, UUID.randomUUID(), List.of(new RequestedLine(mug, 3)), ADDRESS));
        commands.sendAndWait(new ConfirmOrder(order));
        commands.sendAndWait(new ShipOrder(order, "TRACK-1", 1L));
        commands.sendAndWait(new DeliverOrder(order, 2L));

        assertThat(jdbc.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? "
                                             + "ORDER BY sequencenumber", String.class, order.toString()))
                .containsExactly("org.ledgerline.order.api.OrderPlaced", "org.ledgerline.order.api.OrderConfirmed",
                                 "org.ledgerline.order.api.OrderShipped", "org.ledgerline.order.api.OrderDelivered");
        assertThat(jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domainevententry "
                                               + "WHERE aggregateidentifier = ? AND sequencenumber = 0",
                                       String.class, order.toString()))
                .contains("\"total\":{\"amount\":37.50,\"currency\":\"EUR\"}");
    }

    @Test
    void an_illegal_transition_or_a_stale_version_writes_nothing() {
        UUID tea = onSale("TEA-1", "4.00");
        OrderId order = new OrderId(UUID.randomUUID());
        commands.sendAndWait(new PlaceOrder(order, UUID.randomUUID(), List.of(new RequestedLine(tea, 1)), ADDRESS));
        assertThatThrownBy(() -> commands.sendAndWait(new ShipOrder(order, "TRACK-2", null)))
                .isInstanceOf(IllegalTransitionException.class);
        commands.sendAndWait(new ConfirmOrder(order));
        assertThatThrownBy(() -> commands.sendAndWait(new CancelOrder(order, "oops", 0L)))
                .isInstanceOf(ConflictingAggregateVersionException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                                       Integer.class, order.toString())).isEqualTo(2);
    }

    private static UUID onSale(String sku, String price) {
        UUID id = UUID.randomUUID();
        OrderTestApplication.CATALOG.put(id, new CatalogEntry(id, sku, sku, Money.of(price, "EUR"), true));
        return id;
    }
}
