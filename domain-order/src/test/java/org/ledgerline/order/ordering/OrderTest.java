package org.ledgerline.order.ordering;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
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
    private final Map<UUID, CatalogEntry> catalog = new HashMap<>(Map.of(
            mug, new CatalogEntry(mug, "MUG-1", "Mug", Money.of("12.50", "EUR"), true),
            tea, new CatalogEntry(tea, "TEA-1", "Tea", Money.of("4.20", "EUR"), true),
            gone, new CatalogEntry(gone, "OLD-1", "Old", Money.of("1.00", "EUR"), false),
            dollars, new CatalogEntry(dollars, "USD-1", "Import", Money.of("1.00", "USD"), true)));
    private final OrderPlaced placed = new OrderPlaced(
            id,
            customer,
            List.of(new OrderLine(mug, "MUG-1", "Mug", 3, Money.of("12.50", "EUR"))),
            Money.of("37.50", "EUR"),
            address);
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
                .when(new PlaceOrder(
                        id,
                        customer,
                        List.of(new RequestedLine(mug, 3), new RequestedLine(tea, 2)),
                        new ShippingAddress(" 1 Main St ", " ", "Berlin", "10115", "de")))
                .expectEvents(new OrderPlaced(
                        id,
                        customer,
                        List.of(
                                new OrderLine(mug, "MUG-1", "Mug", 3, Money.of("12.50", "EUR")),
                                new OrderLine(tea, "TEA-1", "Tea", 2, Money.of("4.20", "EUR"))),
                        Money.of("45.90", "EUR"),
                        address));
    }

    @Test
    @DisplayName("an unknown or discontinued product cannot be ordered")
    void unknownProduct() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(UUID.randomUUID(), 1)), address))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(gone, 1)), address))
                .expectException(InvalidCommandException.class);
    }

    @Test
    @DisplayName("an order has 1 to 50 lines, each product once, each quantity 1 to 1000, in one currency")
    void lineRules() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(), address))
                .expectException(InvalidCommandException.class);
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(
                        id, customer, List.of(new RequestedLine(mug, 1), new RequestedLine(mug, 2)), address))
                .expectException(InvalidCommandException.class);
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 0)), address))
                .expectException(InvalidCommandException.class);
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(
                        id, customer, List.of(new RequestedLine(mug, 1), new RequestedLine(dollars, 1)), address))
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("All products of one order must be priced in one currency");
    }

    @Test
    @DisplayName("a shipping address needs a real country code")
    void country() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(
                        id,
                        customer,
                        List.of(new RequestedLine(mug, 1)),
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
        fixture.given(placed)
                .when(new RejectOrder(id, "OUT_OF_STOCK"))
                .expectEvents(new OrderRejected(id, "OUT_OF_STOCK"));
        fixture.given(placed, new OrderRejected(id, "OUT_OF_STOCK"))
                .when(new RejectOrder(id, "TIMEOUT"))
                .expectNoEvents();
        fixture.given(placed, new OrderRejected(id, "OUT_OF_STOCK"))
                .when(new ConfirmOrder(id))
                .expectException(IllegalTransitionException.class);
    }

    @Test
    @DisplayName("an order cannot ship before it is confirmed")
    void shipPending() {
        fixture.given(placed)
                .when(new ShipOrder(id, "TRACK-1", null))
                .expectException(IllegalTransitionException.class)
                .expectExceptionMessage("Order " + id + " is PENDING; only a CONFIRMED order can ship");
    }

    @Test
    @DisplayName("a confirmed order ships, then is delivered")
    void lifecycle() {
        fixture.given(placed, new OrderConfirmed(id))
                .when(new ShipOrder(id, "TRACK-1", null))
                .expectEvents(new OrderShipped(id, "TRACK-1"));
        fixture.given(placed, new OrderConfirmed(id), new OrderShipped(id, "TRACK-1"))
                .when(new DeliverOrder(id, null))
                .expectEvents(new OrderDelivered(id));
    }

    @Test
    @DisplayName("pending and confirmed orders can be cancelled, a delivered one cannot")
    void cancel() {
        fixture.given(placed, new OrderConfirmed(id))
                .when(new CancelOrder(id, "changed my mind", null))
                .expectEvents(new OrderCancelled(id, "changed my mind", OrderStatus.CONFIRMED));
        fixture.given(placed, new OrderConfirmed(id), new OrderShipped(id, "T"), new OrderDelivered(id))
                .when(new CancelOrder(id, "too late", null))
                .expectException(IllegalTransitionException.class);
    }

    @Test
    @DisplayName("an unknown product is refused, naming the product")
    void unknownProductNamed() {
        UUID unknown = UUID.fromString("00000000-0000-0000-0000-0000000000f1");
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(
                        id, customer, List.of(new RequestedLine(mug, 1), new RequestedLine(unknown, 1)), address))
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage(containsString(unknown.toString()))
                .expectNoEvents();
    }

    @Test
    @DisplayName("a product that is no longer orderable is refused, naming the product")
    void notOrderableNamed() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(gone, 1)), address))
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("Product " + gone + " can no longer be ordered")
                .expectNoEvents();
    }

    @Test
    @DisplayName("an order has at most 50 lines")
    void fiftyLines() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, onSale(50), address))
                .expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, onSale(51), address))
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("An order has 1 to 50 lines")
                .expectNoEvents();
    }

    @Test
    @DisplayName("an order without lines is refused")
    void noLines() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, null, address))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a line's quantity is 1 to 1000")
    void quantity() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 1000)), address))
                .expectEvents(new OrderPlaced(
                        id,
                        customer,
                        List.of(new OrderLine(mug, "MUG-1", "Mug", 1000, Money.of("12.50", "EUR"))),
                        Money.of("12500.00", "EUR"),
                        address));
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 1001)), address))
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("A quantity is 1 to 1000")
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, -1)), address))
                .expectException(InvalidCommandException.class);
    }

    @Test
    @DisplayName("the same product is on one line only")
    void productOnce() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(
                        id, customer, List.of(new RequestedLine(mug, 1), new RequestedLine(mug, 2)), address))
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage(containsString("Product " + mug + " is on more than one line"))
                .expectNoEvents();
    }

    @Test
    @DisplayName("an order belongs to a customer")
    void customer() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, null, List.of(new RequestedLine(mug, 1)), address))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a shipping address needs line1, city, a postal code of 1 to 20 characters and a country")
    void addressFields() {
        List<ShippingAddress> refused = List.of(
                new ShippingAddress(" ", null, "Berlin", "10115", "DE"),
                new ShippingAddress("1 Main St", null, null, "10115", "DE"),
                new ShippingAddress("1 Main St", null, "Berlin", "", "DE"),
                new ShippingAddress("1 Main St", null, "Berlin", "1".repeat(21), "DE"),
                new ShippingAddress("1 Main St", null, "Berlin", "10115", null),
                new ShippingAddress("1 Main St", null, "Berlin", "10115", "DEU"));
        for (ShippingAddress wrong : refused) {
            fixture.givenNoPriorActivity()
                    .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 1)), wrong))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
        }
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 1)), null))
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("An order needs a shipping address");
        ShippingAddress longest = new ShippingAddress("1 Main St", "Flat 2", "Berlin", "1".repeat(20), "DE");
        fixture.givenNoPriorActivity()
                .when(new PlaceOrder(id, customer, List.of(new RequestedLine(mug, 1)), longest))
                .expectEvents(new OrderPlaced(
                        id,
                        customer,
                        List.of(new OrderLine(mug, "MUG-1", "Mug", 1, Money.of("12.50", "EUR"))),
                        Money.of("12.50", "EUR"),
                        longest));
    }

    @Test
    @DisplayName("a cancelled order cannot be confirmed")
    void confirmCancelled() {
        fixture.given(placed, new OrderCancelled(id, "changed my mind", OrderStatus.PENDING))
                .when(new ConfirmOrder(id))
                .expectException(inState("CANCELLED"))
                .expectExceptionMessage("Order " + id + " is CANCELLED; only a PENDING order can be confirmed")
                .expectNoEvents();
    }

    @Test
    @DisplayName("a rejection needs a reason, any reason")
    void rejectReason() {
        fixture.given(placed)
                .when(new RejectOrder(id, " "))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.given(placed)
                .when(new RejectOrder(id, "FRAUD_SUSPECTED"))
                .expectEvents(new OrderRejected(id, "FRAUD_SUSPECTED"));
        fixture.given(placed)
                .when(new RejectOrder(id, "PAYMENT_DECLINED"))
                .expectEvents(new OrderRejected(id, "PAYMENT_DECLINED"));
    }

    @Test
    @DisplayName("a confirmed order cannot be rejected")
    void rejectConfirmed() {
        fixture.given(placed, new OrderConfirmed(id))
                .when(new RejectOrder(id, "TIMEOUT"))
                .expectException(inState("CONFIRMED"))
                .expectNoEvents();
    }

    @Test
    @DisplayName("a pending order is cancelled with its previous status; cancelling again changes nothing")
    void cancelPending() {
        OrderCancelled cancelled = new OrderCancelled(id, "changed my mind", OrderStatus.PENDING);
        fixture.given(placed).when(new CancelOrder(id, "changed my mind", 0L)).expectEvents(cancelled);
        fixture.given(placed, cancelled)
                .when(new CancelOrder(id, "again", null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(placed)
                .when(new CancelOrder(id, "", null))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("shipped, delivered and rejected orders cannot be cancelled")
    void cancelTooLate() {
        fixture.given(placed, new OrderConfirmed(id), new OrderShipped(id, "T"))
                .when(new CancelOrder(id, "too late", null))
                .expectException(inState("SHIPPED"))
                .expectExceptionMessage(
                        "Order " + id + " is SHIPPED; only a PENDING or CONFIRMED order can be cancelled");
        fixture.given(placed, new OrderConfirmed(id), new OrderShipped(id, "T"), new OrderDelivered(id))
                .when(new CancelOrder(id, "too late", null))
                .expectException(inState("DELIVERED"))
                .expectNoEvents();
        fixture.given(placed, new OrderRejected(id, "OUT_OF_STOCK"))
                .when(new CancelOrder(id, "too late", null))
                .expectException(inState("REJECTED"));
    }

    @Test
    @DisplayName("a tracking number is 1 to 64 characters")
    void trackingNumber() {
        fixture.given(placed, new OrderConfirmed(id))
                .when(new ShipOrder(id, "T".repeat(64), null))
                .expectEvents(new OrderShipped(id, "T".repeat(64)));
        fixture.given(placed, new OrderConfirmed(id))
                .when(new ShipOrder(id, "T".repeat(65), null))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.given(placed, new OrderConfirmed(id))
                .when(new ShipOrder(id, null, null))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("an order ships once")
    void shipTwice() {
        fixture.given(placed, new OrderConfirmed(id), new OrderShipped(id, "T"))
                .when(new ShipOrder(id, "T2", null))
                .expectException(inState("SHIPPED"))
                .expectNoEvents();
    }

    @Test
    @DisplayName("only a shipped order can be delivered, once")
    void deliverRules() {
        fixture.given(placed, new OrderConfirmed(id))
                .when(new DeliverOrder(id, null))
                .expectException(inState("CONFIRMED"))
                .expectExceptionMessage("Order " + id + " is CONFIRMED; only a SHIPPED order can be delivered");
        fixture.given(placed, new OrderConfirmed(id), new OrderShipped(id, "T"), new OrderDelivered(id))
                .when(new DeliverOrder(id, null))
                .expectException(inState("DELIVERED"))
                .expectNoEvents();
    }

    @Test
    @DisplayName("an illegal transition names the status the order is in")
    void illegalTransitionState() {
        fixture.given(placed).when(new ShipOrder(id, "TRACK-1", null)).expectException(inState("PENDING"));
    }

    /** Puts {@code count} products on sale and asks for one of each. */
    private List<RequestedLine> onSale(int count) {
        List<RequestedLine> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID product = new UUID(0xabcL, i);
            catalog.put(product, new CatalogEntry(product, "SKU-" + i, "Item " + i, Money.of("1.00", "EUR"), true));
            lines.add(new RequestedLine(product, 1));
        }
        return lines;
    }

    /** An {@link IllegalTransitionException} naming {@code state} as the one the order is in. */
    private static Matcher<Object> inState(String state) {
        return allOf(
                instanceOf(IllegalTransitionException.class),
                new FeatureMatcher<Object, String>(equalTo(state), "current state", "current state") {
                    @Override
                    protected String featureValueOf(Object exception) {
                        return ((IllegalTransitionException) exception).currentState();
                    }
                });
    }
}
