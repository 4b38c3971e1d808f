package org.ledgerline.order.ordering;

import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.ledgerline.eventstore.SnapshotTriggers;
import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.order.api.OrderEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The order context's Spring wiring. */
@Configuration(proxyBeanMethods = false)
public class OrderConfiguration {

    static final String SNAPSHOT_TRIGGER = "orderSnapshotTrigger";

    /** Snapshot threshold: {@code ledgerline.event-store.snapshots.order}. */
    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition orderSnapshotTrigger(SnapshotTriggers triggers) {
        return triggers.forAggregate("order");
    }

    /** The order context's event names, revisions and topic (ADR 0017). */
    @Bean
    EventCatalog orderEventCatalog() {
        return OrderEvents.CATALOG;
    }
}
