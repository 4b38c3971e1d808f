package org.ledgerline.user.identity;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.ledgerline.eventstore.SnapshotTriggers;
import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.user.api.UserEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The user's Spring wiring: its snapshot trigger and the subscribing processor of the login table. */
@Configuration(proxyBeanMethods = false)
public class UserConfiguration {

    static final String SNAPSHOT_TRIGGER = "userSnapshotTrigger";
    static final String CREDENTIALS_GROUP = "user-credentials";

    /** Threshold: {@code ledgerline.event-store.snapshots.user}. */
    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition userSnapshotTrigger(SnapshotTriggers triggers) {
        return triggers.forAggregate("user");
    }

    /**
     * The login table follows the events in their own transaction, never behind them. Axon's default for a handler
     * that throws is to log and carry on; here that would commit events the table does not reflect, so the error
     * propagates and the command fails instead.
     */
    @Bean
    ConfigurerModule userCredentialsAreSubscribing() {
        return configurer -> configurer
                .eventProcessing()
                .registerSubscribingEventProcessor(CREDENTIALS_GROUP)
                .registerListenerInvocationErrorHandler(
                        CREDENTIALS_GROUP, configuration -> PropagatingErrorHandler.instance());
    }

    /** The user context's event names, revisions and topic (ADR 0017). */
    @Bean
    EventCatalog userEventCatalog() {
        return UserEvents.CATALOG;
    }
}
