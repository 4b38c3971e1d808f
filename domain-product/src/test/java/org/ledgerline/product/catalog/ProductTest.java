package org.ledgerline.product.catalog;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.Money;
import org.ledgerline.kernel.UniqueClaims;
import org.ledgerline.product.api.AddStock;
import org.ledgerline.product.api.ChangeProductPrice;
import org.ledgerline.product.api.CommitStockReservation;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.DiscontinueProduct;
import org.ledgerline.product.api.InvalidProductException;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductDiscontinued;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductPriceChanged;
import org.ledgerline.product.api.ProductRenamed;
import org.ledgerline.product.api.ReleaseStockReservation;
import org.ledgerline.product.api.RenameProduct;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.product.api.StockAdded;
import org.ledgerline.product.api.StockRejectionReason;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;

class ProductTest {

    private final ProductId id = new ProductId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    private final ProductCreated created = new ProductCreated(id, "MUG-1", "Mug", Money.of("12.50", "EUR"), 10);
    private FixtureConfiguration<Product> fixture;

    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final UUID order = UUID.fromString("00000000-0000-0000-0000-0000000000e1");

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
        fixture.registerInjectableResource(new EventStoreOrderOutcomes(fixture));
        fixture.registerInjectableResource(claims);
    }

    @Test
    @DisplayName("a SKU someone else has is refused")
    void skuTaken() {
        doThrow(new AlreadyTakenException("product-sku", "That product sku is already taken"))
                .when(claims)
                .claim(eq("product-sku"), eq("MUG-1"), any());
        fixture.givenNoPriorActivity()
                .when(new CreateProduct(id, "MUG-1", "Mug", Money.of("1", "EUR"), 1))
                .expectException(AlreadyTakenException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("stock cannot start negative")
    void negativeStock() {
        fixture.givenNoPriorActivity()
                .when(new CreateProduct(id, "MUG-1", "Mug", Money.of("1", "EUR"), -1))
                .expectException(InvalidProductException.class);
    }

    @Test
    @DisplayName("added stock becomes available")
    void addStock() {
        fixture.given(created).when(new AddStock(id, 5, null)).expectEvents(new StockAdded(id, 5, 15));
        fixture.given(created).when(new AddStock(id, 0, null)).expectException(InvalidProductException.class);
    }

    @Test
    @DisplayName("a reservation within the free stock reserves it")
    void reserve() {
        fixture.given(created).when(new ReserveStock(id, order, 4)).expectEvents(new StockReserved(id, order, 4, 6));
    }

    @Test
    @DisplayName("reserving more than is free is refused with OUT_OF_STOCK and reserves nothing")
    void outOfStock() {
        fixture.given(created)
                .when(new ReserveStock(id, order, 11))
                .expectEvents(new StockReservationRejected(id, order, 11, 10, StockRejectionReason.OUT_OF_STOCK));
    }

    @Test
    @DisplayName("the same order reserving twice reserves once")
    void reserveTwice() {
        fixture.given(created, new StockReserved(id, order, 4, 6))
                .when(new ReserveStock(id, order, 4))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    @DisplayName("a released reservation goes back to the free stock, once")
    void release() {
        StockReserved reserved = new StockReserved(id, order, 4, 6);
        StockReservationReleased released = new StockReservationReleased(id, order, 4, 10);
        fixture.given(created, reserved)
                .when(new ReleaseStockReservation(id, order))
                .expectEvents(released);
        fixture.given(created, reserved, released)
                .when(new ReleaseStockReservation(id, order))
                .expectNoEvents();
        fixture.given(created).when(new ReleaseStockReservation(id, order)).expectNoEvents();
    }

    @Test
    @DisplayName("a committed reservation leaves for good and cannot be released afterwards")
    void commit() {
        StockReserved reserved = new StockReserved(id, order, 4, 6);
        StockReservationCommitted committed = new StockReservationCommitted(id, order, 4);
        fixture.given(created, reserved)
                .when(new CommitStockReservation(id, order))
                .expectEvents(committed);
        fixture.given(created, reserved, committed)
                .when(new ReleaseStockReservation(id, order))
                .expectNoEvents();
        fixture.given(created, reserved, committed)
                .when(new ReserveStock(id, order, 4))
                .expectNoEvents();
    }

    @Test
    @DisplayName("a discontinued product refuses reservations with DISCONTINUED and takes no price change")
    void discontinued() {
        fixture.given(created).when(new DiscontinueProduct(id, null)).expectEvents(new ProductDiscontinued(id));
        fixture.given(created, new ProductDiscontinued(id))
                .when(new ReserveStock(id, order, 1))
                .expectEvents(new StockReservationRejected(id, order, 1, 10, StockRejectionReason.DISCONTINUED));
        fixture.given(created, new ProductDiscontinued(id))
                .when(new ChangeProductPrice(id, Money.of("1.00", "EUR"), null))
                .expectException(IllegalTransitionException.class);
        fixture.given(created, new ProductDiscontinued(id))
                .when(new DiscontinueProduct(id, null))
                .expectNoEvents();
    }

    @Test
    @DisplayName("a product is created with its SKU, name and price")
    void created() {
        fixture.givenNoPriorActivity()
                .when(new CreateProduct(id, " MUG-1 ", "Mug ", Money.of("12.50", "EUR"), 10))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created);
    }

    @Test
    @DisplayName("a product without a name is refused")
    void nameless() {
        fixture.givenNoPriorActivity()
                .when(new CreateProduct(id, "MUG-1", "  ", Money.of("1", "EUR"), 10))
                .expectException(InvalidProductException.class)
                .expectExceptionMessage("A product needs a name")
                .expectNoEvents();
    }

    @Test
    @DisplayName("a SKU with spaces or symbols is refused")
    void badSku() {
        fixture.givenNoPriorActivity()
                .when(new CreateProduct(id, "MUG 1!", "Mug", Money.of("1", "EUR"), 10))
                .expectException(InvalidProductException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a price cannot be negative")
    void negativePrice() {
        fixture.givenNoPriorActivity()
                .when(new CreateProduct(id, "MUG-1", "Mug", Money.of("-0.01", "EUR"), 10))
                .expectException(InvalidProductException.class)
                .expectExceptionMessage("A price cannot be negative");
    }

    @Test
    @DisplayName("a price change records the previous price")
    void priceChange() {
        fixture.given(created)
                .when(new ChangeProductPrice(id, Money.of("14.00", "EUR"), null))
                .expectEvents(new ProductPriceChanged(id, Money.of("12.50", "EUR"), Money.of("14.00", "EUR")));
    }

    @Test
    @DisplayName("setting the price it already has changes nothing")
    void samePrice() {
        fixture.given(created)
                .when(new ChangeProductPrice(id, Money.of("12.5", "EUR"), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    @DisplayName("a price cannot change currency")
    void otherCurrency() {
        fixture.given(created)
                .when(new ChangeProductPrice(id, Money.of("12.50", "USD"), null))
                .expectException(InvalidProductException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("a rename to a new name is recorded, trimmed")
    void rename() {
        fixture.given(created)
                .when(new RenameProduct(id, " Big mug ", null))
                .expectEvents(new ProductRenamed(id, "Big mug"));
    }

    @Test
    @DisplayName("the SKU is claimed, trimmed, in the product-sku scope for the new product")
    void skuClaimed() {
        fixture.givenNoPriorActivity()
                .when(new CreateProduct(id, " MUG-1 ", "Mug", Money.of("12.50", "EUR"), 10))
                .expectSuccessfulHandlerExecution();
        verify(claims).claim("product-sku", "MUG-1", id.toString());
    }

    @Test
    @DisplayName("a product may start with no stock at all")
    void noInitialStock() {
        fixture.givenNoPriorActivity()
                .when(new CreateProduct(id, "MUG-1", "Mug", Money.of("12.50", "EUR"), 0))
                .expectEvents(new ProductCreated(id, "MUG-1", "Mug", Money.of("12.50", "EUR"), 0));
    }

    @Test
    @DisplayName("discontinuing a product twice records it once")
    void discontinueTwice() {
        fixture.given(created).when(new DiscontinueProduct(id, 0L)).expectEvents(new ProductDiscontinued(id));
        fixture.given(created, new ProductDiscontinued(id))
                .when(new DiscontinueProduct(id, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    @DisplayName("a discontinued product takes no price change, in state DISCONTINUED")
    void discontinuedPrice() {
        fixture.given(created, new ProductDiscontinued(id))
                .when(new ChangeProductPrice(id, Money.of("1.00", "EUR"), null))
                .expectException(inState("DISCONTINUED"))
                .expectExceptionMessage("Product " + id + " is discontinued and cannot change its price")
                .expectNoEvents();
    }

    @Test
    @DisplayName("a discontinued product takes no new name")
    void discontinuedName() {
        fixture.given(created, new ProductDiscontinued(id))
                .when(new RenameProduct(id, "Other mug", null))
                .expectException(inState("DISCONTINUED"))
                .expectNoEvents();
    }

    @Test
    @DisplayName("a discontinued product takes no new stock")
    void discontinuedStock() {
        fixture.given(created, new ProductDiscontinued(id))
                .when(new AddStock(id, 1, null))
                .expectException(inState("DISCONTINUED"))
                .expectNoEvents();
    }

    @Test
    @DisplayName("a discontinued product refuses a reservation with the event DISCONTINUED, even with stock free")
    void discontinuedReservation() {
        fixture.given(created, new ProductDiscontinued(id))
                .when(new ReserveStock(id, order, 1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockReservationRejected(id, order, 1, 10, StockRejectionReason.DISCONTINUED));
    }

    @Test
    @DisplayName("a discontinued product still releases and commits the reservations it holds")
    void discontinuedSettles() {
        StockReserved reserved = new StockReserved(id, order, 4, 6);
        fixture.given(created, reserved, new ProductDiscontinued(id))
                .when(new ReleaseStockReservation(id, order))
                .expectEvents(new StockReservationReleased(id, order, 4, 10));
        fixture.given(created, reserved, new ProductDiscontinued(id))
                .when(new CommitStockReservation(id, order))
                .expectEvents(new StockReservationCommitted(id, order, 4));
    }

    @Test
    @DisplayName("added stock is at least one unit")
    void addStockQuantity() {
        fixture.given(created)
                .when(new AddStock(id, 0, null))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.given(created)
                .when(new AddStock(id, -3, null))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("added stock adds to what is free after reservations")
    void addStockAfterReservation() {
        fixture.given(created, new StockReserved(id, order, 4, 6))
                .when(new AddStock(id, 2, null))
                .expectEvents(new StockAdded(id, 2, 8));
    }

    @Test
    @DisplayName("a reservation of all free units leaves none, and the next one is refused: stock never goes negative")
    void neverNegative() {
        UUID next = UUID.fromString("00000000-0000-0000-0000-0000000000e2");
        fixture.given(created).when(new ReserveStock(id, order, 10)).expectEvents(new StockReserved(id, order, 10, 0));
        fixture.given(created, new StockReserved(id, order, 10, 0))
                .when(new ReserveStock(id, next, 1))
                .expectEvents(new StockReservationRejected(id, next, 1, 0, StockRejectionReason.OUT_OF_STOCK));
    }

    @Test
    @DisplayName("a reservation is of at least one unit and names its order")
    void reservationQuantity() {
        fixture.given(created)
                .when(new ReserveStock(id, order, 0))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        fixture.given(created)
                .when(new ReserveStock(id, null, 1))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    @DisplayName("an order refused once is not answered again, even after stock arrives")
    void refusedOnce() {
        StockReservationRejected rejected =
                new StockReservationRejected(id, order, 11, 10, StockRejectionReason.OUT_OF_STOCK);
        fixture.given(created, rejected)
                .when(new ReserveStock(id, order, 11))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created, rejected, new StockAdded(id, 5, 15))
                .when(new ReserveStock(id, order, 11))
                .expectNoEvents();
    }

    @Test
    @DisplayName("an order whose reservation was released does not reserve again")
    void releasedOnce() {
        fixture.given(created, new StockReserved(id, order, 4, 6), new StockReservationReleased(id, order, 4, 10))
                .when(new ReserveStock(id, order, 4))
                .expectNoEvents();
    }

    @Test
    @DisplayName("committing an unknown or already committed reservation changes nothing")
    void commitOnce() {
        StockReserved reserved = new StockReserved(id, order, 4, 6);
        StockReservationCommitted committed = new StockReservationCommitted(id, order, 4);
        fixture.given(created)
                .when(new CommitStockReservation(id, order))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created, reserved, committed)
                .when(new CommitStockReservation(id, order))
                .expectNoEvents();
    }

    @Test
    @DisplayName("a released reservation cannot be committed")
    void releasedNotCommitted() {
        fixture.given(created, new StockReserved(id, order, 4, 6), new StockReservationReleased(id, order, 4, 10))
                .when(new CommitStockReservation(id, order))
                .expectNoEvents();
    }

    @Test
    @DisplayName("releasing one order's reservation leaves the others' in place")
    void releaseOneOfTwo() {
        UUID other = UUID.fromString("00000000-0000-0000-0000-0000000000e2");
        fixture.given(created, new StockReserved(id, order, 4, 6), new StockReserved(id, other, 3, 3))
                .when(new ReleaseStockReservation(id, order))
                .expectEvents(new StockReservationReleased(id, order, 4, 7));
        fixture.given(
                        created,
                        new StockReserved(id, order, 4, 6),
                        new StockReserved(id, other, 3, 3),
                        new StockReservationReleased(id, order, 4, 7))
                .when(new ReleaseStockReservation(id, other))
                .expectEvents(new StockReservationReleased(id, other, 3, 10));
    }

    /** An {@link IllegalTransitionException} naming {@code state} as the one the product is in. */
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
