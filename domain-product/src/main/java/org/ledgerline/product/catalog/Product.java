package org.ledgerline.product.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.ledgerline.product.api.ChangeProductPrice;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.InvalidProductException;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductPriceChanged;
import org.ledgerline.product.api.ProductRenamed;
import org.ledgerline.product.api.RenameProduct;

/** A product in the catalog. Decides in its command handlers; its event handlers only assign. */
@Aggregate(snapshotTriggerDefinition = ProductConfiguration.SNAPSHOT_TRIGGER)
class Product {

    static final int MAX_NAME_LENGTH = 200;

    @AggregateIdentifier
    private ProductId productId;
    private String name;
    private Money price;

    protected Product() {
        // For Axon: rebuilt from events or a snapshot.
    }

    @CommandHandler
    Product(CreateProduct command) {
        ProductRules.requireSku(command.sku());
        ProductRules.requireName(command.name());
        ProductRules.requirePrice(command.price());
        apply(new ProductCreated(command.productId(), command.sku().trim(), command.name().trim(), command.price()));
    }

    @CommandHandler
    void handle(ChangeProductPrice command) {
        ProductRules.requirePrice(command.price());
        if (!ProductRules.sameCurrency(price, command.price())) {
            throw new InvalidProductException("The price of product " + productId + " is in "
                    + price.currency() + "; it cannot change to " + command.price().currency());
        }
        if (!price.equals(command.price())) {
            apply(new ProductPriceChanged(productId, price, command.price()));
        }
    }

    @CommandHandler
    void handle(RenameProduct command) {
        ProductRules.requireName(command.name());
        if (!command.name().trim().equals(name)) {
            apply(new ProductRenamed(productId, command.name().trim()));
        }
    }

    @EventSourcingHandler
    void on(ProductCreated event) {
        productId = event.productId();
        name = event.name();
        price = event.price();
    }

    @EventSourcingHandler
    void on(ProductPriceChanged event) {
        price = event.price();
    }

    @EventSourcingHandler
    void on(ProductRenamed event) {
        name = event.name();
    }
}
