package org.ledgerline.eventstore;

import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.ledgerline.eventstore.config.EventStoreProperties;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Makes each aggregate's snapshot trigger from configuration. A domain declares
 * {@code @Bean SnapshotTriggerDefinition productSnapshotTrigger(SnapshotTriggers t) { return t.forAggregate("product"); }}
 * and names it in {@code @Aggregate(snapshotTriggerDefinition = "productSnapshotTrigger")}.
 */
public class SnapshotTriggers {

    private final EventStoreProperties properties;
    private final Snapshotter snapshotter;

    public SnapshotTriggers(EventStoreProperties properties, ObjectProvider<Configuration> axonConfiguration) {
        this.properties = properties;
        // Resolved on first use: Axon's snapshotter needs the aggregates that need this trigger.
        this.snapshotter =
                (type, id) -> axonConfiguration.getObject().snapshotter().scheduleSnapshot(type, id);
    }

    public SnapshotTriggerDefinition forAggregate(String aggregate) {
        int threshold = properties.snapshotThresholdOf(aggregate);
        return threshold <= 0
                ? NoSnapshotTriggerDefinition.INSTANCE
                : new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
