package org.ledgerline.order.ordering;

import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.ledgerline.eventstore.SnapshotTriggers;
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
}
