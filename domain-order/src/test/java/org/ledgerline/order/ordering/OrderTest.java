package org.ledgerline.order.ordering;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.Money;
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
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShipOrder;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.order.spi.CatalogEntry;
import org.ledgerline.order.spi.ProductCatalog;

class OrderTest {

    private final OrderId id = new OrderId(UUID.fromString("00000000-0000-0000-0000-0000000000d1"));
    private final UUID customer = UUID.fromString("00000000-0000-0000-0000-0000000000d2");
    private final UUID mug = UUID.fromString("00000000-0000-0000-0000-0000000000d3");
    private final UUID tea = UUID.fromString("00000000-0000-0000-0000-0000000000d4");
    private final UUID gone = UUID.fromString("00000000-0000-0000-0000-0000000000d5");
    private final UUID dollars = UUID.fromString("00000000-0000-0000-0000-0000000000d6");
    private final ShippingAddress address = new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE");
    private final Map<UUID, CatalogEntry> catalog = Map.of(
            mug, new CatalogEntry(mug, "MUG-1", "Mug", Money.of("12.50", "EUR"), true),
            tea, new CatalogEntry(tea, "TEA-1", "Tea", Money.of("4.20", "EUR"), true),
            gone, new CatalogEntry(gone, "OLD-1", "Old", Money.of("1.00", "EUR"), false),
            dollars, new CatalogEntry(dollars, "USD-1", "Import", Money.of("1.00", "USD"), true));
    private final OrderPlaced placed = new OrderPlaced(
            id, customer, List.of(new OrderLine(mug, "MUG-1", "Mug", 3, Money.of("12.50", "EUR"))),
            Money.of("37.50", "EUR"), address);
    private FixtureConfiguration<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerInjectableResource((ProductCatalog) productId -> Optional.ofNullable(catalog.get(productId)));
    }

    @Test
    @DisplayName("an order captures the catalog's prices and totals them exactly")
    void placed() {
        fixture.givenNoPriorActivity()
               .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 3), new RequestedLine(tea, 2)),
                                    new ShippingAddress(" 1 Main St ", " ", "Berlin", "10115", "de")))
               .expectEvents(new OrderPlaced(id, customer, List.of(
                       new OrderLine(mug, "MUG-1", "Mug", 3, Money.of("12.50", "EUR")),
                       new OrderLine(tea, "TEA-1", "Tea", 2, Money.of("4.20", "EUR"))),
                                             Money.of("45.90", "EUR"), address));
    }

    @Test
    @DisplayName("an unknown or discontinued product cannot be ordered")
    void unknownProduct() {
        fixture.givenNoPriorActivity()
               .when(new PlaceOrder(id, customer, List.of(new RequestedLine(UUID.randomUUID(), 1)), address))
               .expectException(InvalidCommandException.class).expectNoEvents();
        fixture.givenNoPriorActivity()
               .when(new PlaceOrder(id, customer, List.of(new RequestedLine(gone, 1)), address))
               .expectException(InvalidCommandException.class);
    }

    @Test
    @DisplayName("an order has 1 to 50 lines, each product once, each quantity 1 to 1000, in one currency")
    void lineRules() {
        fixture.givenNoPriorActivity().when(new PlaceOrder(id, customer, List.of(), address))
               .expectException(InvalidCommandException.class);
        fixture.givenNoPriorActivity()
               .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 1), new RequestedLine(mug, 2)),
                                    address))
               .expectException(InvalidCommandException.class);
        fixture.givenNoPriorActivity().when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 0)), address))
               .expectException(InvalidCommandException.class);
        fixture.givenNoPriorActivity()
               .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 1), new RequestedLine(dollars, 1)),
                                    address))
               .expectException(InvalidCommandException.class)
               .expectExceptionMessage("All products of one order must be priced in one currency");
    }

    @Test
    @DisplayName("a shipping address needs a real country code")
    void country() {
        fixture.givenNoPriorActivity()
               .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 1)),
                                    new ShippingAddress("1 Main St", null, "Berlin", "10115", "XX")))
               .expectException(InvalidCommandException.class);
    }

    @Test
    @DisplayName("a pending order is confirmed once; confirming again changes nothing")
    void confirm() {
        fixture.given(placed).when(new ConfirmOrder(id)).expectEvents(new OrderConfirmed(id));
        fixture.given(placed, new OrderConfirmed(id)).when(new ConfirmOrder(id)).expectNoEvents();
    }

    @Test
    @DisplayName("a rejected order cannot be confirmed, and rejecting again changes nothing")
    void reject() {
        fixture.given(placed).when(new RejectOrder(id, "OUT_OF_STOCK"))
               .expectEvents(new OrderRejected(id, "OUT_OF_STOCK"));
        fixture.given(placed, new OrderRejected(id, "OUT_OF_STOCK")).when(new RejectOrder(id, "TIMEOUT"))
               .expectNoEvents();
        fixture.given(placed, new OrderRejected(id, "OUT_OF_STOCK")).when(new ConfirmOrder(id))
               .expectException(IllegalTransitionException.class);
    }

    @Test
    @DisplayName("an order cannot ship before it is confirmed")
    void shipPending() {
        fixture.given(placed).when(new ShipOrder(id, "TRACK-1", null))
               .expectException(IllegalTransitionException.class)
               .expectExceptionMessage("Order " + id + " is PENDING; only a CONFIRMED order can ship");
    }

    @Test
    @DisplayName("a confirmed order ships, then is delivered")
    void lifecycle() {
        fixture.given(placed, new OrderConfirmed(id)).when(new ShipOrder(id, "TRACK-1", null))
               .expectEvents(new OrderShipped(id, "TRACK-1"));
        fixture.given(placed, new OrderConfirmed(id), new OrderShipped(id, "TRACK-1"))
               .when(new DeliverOrder(id, null)).expectEvents(new OrderDelivered(id));
    }

    @Test
    @DisplayName("pending and confirmed orders can be cancelled, a delivered one cannot")
    void cancel() {
        fixture.given(placed, new OrderConfirmed(id)).when(new CancelOrder(id, "changed my mind", null))
               .expectEvents(new OrderCancelled(id, "changed my mind", OrderStatus.CONFIRMED));
        fixture.given(placed, new OrderConfirmed(id), new OrderShipped(id, "T"), new OrderDelivered(id))
               .when(new CancelOrder(id, "too late", null))
               .expectException(IllegalTransitionException.class);
    }
}
