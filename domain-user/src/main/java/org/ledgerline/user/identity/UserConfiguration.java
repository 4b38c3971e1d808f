package org.ledgerline.user.identity;

import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.ledgerline.eventstore.config.SnapshotTriggers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The user context's Spring wiring: snapshot triggers of its aggregates. */
@Configuration(proxyBeanMethods = false)
public class UserConfiguration {

    public static final String USER_SNAPSHOT_TRIGGER = "userSnapshotTrigger";
    public static final String ACCOUNT_SNAPSHOT_TRIGGER = "accountSnapshotTrigger";

    /** Threshold: {@code ledgerline.event-store.snapshots.user}. */
    @Bean(USER_SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition userSnapshotTrigger(SnapshotTriggers triggers) {
        return triggers.forAggregate("user");
    }

    /** Threshold: {@code ledgerline.event-store.snapshots.account}. */
    @Bean(ACCOUNT_SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition accountSnapshotTrigger(SnapshotTriggers triggers) {
        return triggers.forAggregate("account");
    }
}
