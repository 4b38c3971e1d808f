package org.ledgerline.product.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.ledgerline.kernel.IllegalTransitionException;
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

/**
 * A product in the catalog and its stock. Decides in its command handlers; its event handlers only assign. Stock
 * never goes negative: a reservation it cannot cover is refused with an event (others react to it), and each order
 * is answered once and released or committed at most once, so the saga may retry every step.
 *
 * <p>It keeps only its open reservations (reserved, not yet released or committed): the orders it answered for good
 * are asked of {@link OrderOutcomes}, so its snapshot and cached state do not grow with its history (ADR 0024).
 * Snapshots of the earlier shape, which also held {@code settled} and {@code refused}, still load: the unknown
 * fields are skipped.
 */
@Aggregate(
        snapshotTriggerDefinition = ProductConfiguration.SNAPSHOT_TRIGGER,
        cache = "aggregateCache",
        lockFactory = "aggregateLockFactory")
class Product {

    static final int MAX_NAME_LENGTH = 200;
    /** The state a discontinued product's refusals name (HTTP 409's {@code currentState}). */
    static final String DISCONTINUED = "DISCONTINUED";

    @AggregateIdentifier
    private ProductId productId;

    private String name;
    private Money price;
    private boolean discontinued;
    private int available;
    /** Open reservations only: an order leaves on release or commit. */
    private Map<UUID, Integer> reservations;

    protected Product() {
        // For Axon: rebuilt from events or a snapshot.
    }

    @CommandHandler
    Product(CreateProduct command, UniqueClaims claims) {
        ProductRules.requireSku(command.sku());
        ProductRules.requireName(command.name());
        ProductRules.requirePrice(command.price());
        ProductRules.requireStock(command.initialStock());
        claims.claim(
                ProductRules.SKU_SCOPE,
                command.sku().trim(),
                command.productId().toString());
        apply(new ProductCreated(
                command.productId(),
                command.sku().trim(),
                command.name().trim(),
                command.price(),
                command.initialStock()));
    }

    @CommandHandler
    void handle(ChangeProductPrice command) {
        requireInCatalog("change its price");
        ProductRules.requirePrice(command.price());
        if (!ProductRules.sameCurrency(price, command.price())) {
            throw new InvalidProductException("The price of product " + productId + " is in " + price.currency()
                    + "; it cannot change to " + command.price().currency());
        }
        if (!price.equals(command.price())) {
            apply(new ProductPriceChanged(productId, price, command.price()));
        }
    }

    @CommandHandler
    void handle(RenameProduct command) {
        requireInCatalog("be renamed");
        ProductRules.requireName(command.name());
        if (!command.name().trim().equals(name)) {
            apply(new ProductRenamed(productId, command.name().trim()));
        }
    }

    @CommandHandler
    void handle(DiscontinueProduct command) {
        if (!discontinued) {
            apply(new ProductDiscontinued(productId));
        }
    }

    @CommandHandler
    void handle(AddStock command) {
        requireInCatalog("get stock");
        ProductRules.requireQuantity(command.quantity());
        apply(new StockAdded(productId, command.quantity(), available + command.quantity()));
    }

    @CommandHandler
    void handle(ReserveStock command, OrderOutcomes outcomes) {
        ProductRules.requireQuantity(command.quantity());
        ProductRules.requireOrder(command.orderId());
        if (reservations.containsKey(command.orderId()) || outcomes.settled(productId, command.orderId())) {
            return; // this order was answered already: a retry changes nothing
        }
        if (discontinued) {
            apply(new StockReservationRejected(
                    productId, command.orderId(), command.quantity(), available, StockRejectionReason.DISCONTINUED));
        } else if (command.quantity() > available) {
            apply(new StockReservationRejected(
                    productId, command.orderId(), command.quantity(), available, StockRejectionReason.OUT_OF_STOCK));
        } else {
            apply(new StockReserved(productId, command.orderId(), command.quantity(), available - command.quantity()));
        }
    }

    @CommandHandler
    void handle(ReleaseStockReservation command) {
        Integer reserved = reservations.get(command.orderId());
        if (reserved != null) {
            apply(new StockReservationReleased(productId, command.orderId(), reserved, available + reserved));
        }
    }

    @CommandHandler
    void handle(CommitStockReservation command) {
        Integer reserved = reservations.get(command.orderId());
        if (reserved != null) {
            apply(new StockReservationCommitted(productId, command.orderId(), reserved));
        }
    }

    private void requireInCatalog(String action) {
        if (discontinued) {
            throw new IllegalTransitionException(
                    "Product " + productId + " is discontinued and cannot " + action, DISCONTINUED);
        }
    }

    @EventSourcingHandler
    void on(ProductCreated event) {
        productId = event.productId();
        name = event.name();
        price = event.price();
        available = event.initialStock();
        reservations = new HashMap<>();
    }

    @EventSourcingHandler
    void on(ProductPriceChanged event) {
        price = event.price();
    }

    @EventSourcingHandler
    void on(ProductRenamed event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(ProductDiscontinued event) {
        discontinued = true;
    }

    @EventSourcingHandler
    void on(StockAdded event) {
        available = event.available();
    }

    @EventSourcingHandler
    void on(StockReserved event) {
        available = event.available();
        reservations.put(event.orderId(), event.quantity());
    }

    @EventSourcingHandler
    void on(StockReservationReleased event) {
        available = event.available();
        reservations.remove(event.orderId());
    }

    @EventSourcingHandler
    void on(StockReservationCommitted event) {
        reservations.remove(event.orderId());
    }
}
