package org.ledgerline.product.catalog;

import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;

/**
 * {@link OrderOutcomes} for Axon fixture tests: answered from the fixture's own event store, which is what the
 * {@code product_order_outcome} rows are in production (written from the same events, ADR 0024).
 */
final class EventStoreOrderOutcomes implements OrderOutcomes {

    private final FixtureConfiguration<?> fixture;

    EventStoreOrderOutcomes(FixtureConfiguration<?> fixture) {
        this.fixture = fixture;
    }

    @Override
    public boolean settled(ProductId product, UUID order) {
        EventStore store = fixture.getEventStore();
        List<Object> payloads;
        try {
            payloads = store.readEvents(product.toString())
                    .asStream()
                    .map(event -> (Object) event.getPayload())
                    .toList();
        } catch (AggregateNotFoundException none) {
            return false; // the fixture's store has no event of this product yet
        }
        return payloads.stream().anyMatch(payload -> switch (payload) {
            case StockReservationRejected rejected -> rejected.orderId().equals(order);
            case StockReservationReleased released -> released.orderId().equals(order);
            case StockReservationCommitted committed -> committed.orderId().equals(order);
            default -> false;
        });
    }
}
