package org.ledgerline.user.account;

import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.ledgerline.eventstore.SnapshotTriggers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The account's Spring wiring: its snapshot trigger. */
@Configuration(proxyBeanMethods = false)
public class AccountConfiguration {

    static final String SNAPSHOT_TRIGGER = "accountSnapshotTrigger";

    /** Threshold: {@code ledgerline.event-store.snapshots.account}. */
    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition accountSnapshotTrigger(SnapshotTriggers triggers) {
        return triggers.forAggregate("account");
    }
}
