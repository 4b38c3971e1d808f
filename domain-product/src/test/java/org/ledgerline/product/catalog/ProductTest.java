package org.ledgerline.product.catalog;

import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.product.api.ChangeProductPrice;
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
    private final ProductCreated created = new ProductCreated(id, "MUG-1", "Mug", Money.of("12.50", "EUR"));
    private FixtureConfiguration<Product> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
    }

    @Test
    @DisplayName("a product is created with its SKU, name and price")
    void created() {
        fixture.givenNoPriorActivity()
               .when(new CreateProduct(id, " MUG-1 ", "Mug ", Money.of("12.50", "EUR")))
               .expectSuccessfulHandlerExecution()
               .expectEvents(created);
    }

    @Test
    @DisplayName("a product without a name is refused")
    void nameless() {
        fixture.givenNoPriorActivity()
               .when(new CreateProduct(id, "MUG-1", "  ", Money.of("1", "EUR")))
               .expectException(InvalidProductException.class)
               .expectExceptionMessage("A product needs a name")
               .expectNoEvents();
    }

    @Test
    @DisplayName("a SKU with spaces or symbols is refused")
    void badSku() {
        fixture.givenNoPriorActivity()
               .when(new CreateProduct(id, "MUG 1!", "Mug", Money.of("1", "EUR")))
               .expectException(InvalidProductException.class)
               .expectNoEvents();
    }

    @Test
    @DisplayName("a price cannot be negative")
    void negativePrice() {
        fixture.givenNoPriorActivity()
               .when(new CreateProduct(id, "MUG-1", "Mug", Money.of("-0.01", "EUR")))
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
