package org.ledgerline.product.catalog;

import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.ledgerline.eventstore.config.SnapshotTriggers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The product context's Spring wiring. */
@Configuration(proxyBeanMethods = false)
public class ProductConfiguration {

    static final String SNAPSHOT_TRIGGER = "productSnapshotTrigger";

    /** Snapshot threshold: {@code ledgerline.event-store.snapshots.product}. */
    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition productSnapshotTrigger(SnapshotTriggers triggers) {
        return triggers.forAggregate("product");
    }
}
