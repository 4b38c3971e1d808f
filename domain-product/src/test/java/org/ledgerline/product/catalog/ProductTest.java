package org.ledgerline.product.catalog;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.UniqueClaims;
import org.ledgerline.product.api.AddStock;
import org.ledgerline.product.api.ChangeProductPrice;
import org.ledgerline.product.api.CommitStockReservation;
import org.ledgerline.product.api.DiscontinueProduct;
import org.ledgerline.product.api.ProductDiscontinued;
import org.ledgerline.product.api.ReleaseStockReservation;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.product.api.StockAdded;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.InvalidProductException;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductPriceChanged;
import org.ledgerline.product.api.ProductRenamed;
import org.ledgerline.product.api.RenameProduct;

class ProductTest {

    private final ProductId id = new ProductId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    private final ProductCreated created = new ProductCreated(id, "MUG-1", "Mug", Money.of("12.50", "EUR"), 10);
    private FixtureConfiguration<Product> fixture;

    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final UUID order = UUID.fromString("00000000-0000-0000-0000-0000000000e1");

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
        fixture.registerInjectableResource(claims);
    }

    @Test
    @DisplayName("a SKU someone else has is refused")
    void skuTaken() {
        doThrow(new AlreadyTakenException("product-sku", "That product sku is already taken"))
                .when(claims).claim(eq("product-sku"), eq("MUG-1"), any());
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
        fixture.given(created).when(new ReserveStock(id, order, 4))
               .expectEvents(new StockReserved(id, order, 4, 6));
    }

    @Test
    @DisplayName("reserving more than is free is refused with OUT_OF_STOCK and reserves nothing")
    void outOfStock() {
        fixture.given(created).when(new ReserveStock(id, order, 11))
               .expectEvents(new StockReservationRejected(id, order, 11, 10, "OUT_OF_STOCK"));
    }

    @Test
    @DisplayName("the same order reserving twice reserves once")
    void reserveTwice() {
        fixture.given(created, new StockReserved(id, order, 4, 6)).when(new ReserveStock(id, order, 4))
               .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    @DisplayName("a released reservation goes back to the free stock, once")
    void release() {
        StockReserved reserved = new StockReserved(id, order, 4, 6);
        StockReservationReleased released = new StockReservationReleased(id, order, 4, 10);
        fixture.given(created, reserved).when(new ReleaseStockReservation(id, order)).expectEvents(released);
        fixture.given(created, reserved, released).when(new ReleaseStockReservation(id, order)).expectNoEvents();
        fixture.given(created).when(new ReleaseStockReservation(id, order)).expectNoEvents();
    }

    @Test
    @DisplayName("a committed reservation leaves for good and cannot be released afterwards")
    void commit() {
        StockReserved reserved = new StockReserved(id, order, 4, 6);
        StockReservationCommitted committed = new StockReservationCommitted(id, order, 4);
        fixture.given(created, reserved).when(new CommitStockReservation(id, order)).expectEvents(committed);
        fixture.given(created, reserved, committed).when(new ReleaseStockReservation(id, order)).expectNoEvents();
        fixture.given(created, reserved, committed).when(new ReserveStock(id, order, 4)).expectNoEvents();
    }

    @Test
    @DisplayName("a discontinued product refuses reservations with DISCONTINUED and takes no price change")
    void discontinued() {
        fixture.given(created).when(new DiscontinueProduct(id, null)).expectEvents(new ProductDiscontinued(id));
        fixture.given(created, new ProductDiscontinued(id)).when(new ReserveStock(id, order, 1))
               .expectEvents(new StockReservationRejected(id, order, 1, 10, "DISCONTINUED"));
        fixture.given(created, new ProductDiscontinued(id))
               .when(new ChangeProductPrice(id, Money.of("1.00", "EUR"), null))
               .expectException(IllegalTransitionException.class);
        fixture.given(created, new ProductDiscontinued(id)).when(new DiscontinueProduct(id, null)).expectNoEvents();
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
}
