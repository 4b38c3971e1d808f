package org.ledgerline.product.catalog;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.ledgerline.eventstore.SnapshotTriggers;
import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.product.api.ProductEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The product context's Spring wiring. */
@Configuration(proxyBeanMethods = false)
public class ProductConfiguration {

    static final String SNAPSHOT_TRIGGER = "productSnapshotTrigger";
    static final String CATALOG_GROUP = "product-catalog";

    /** Snapshot threshold: {@code ledgerline.event-store.snapshots.product}. */
    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition productSnapshotTrigger(SnapshotTriggers triggers) {
        return triggers.forAggregate("product");
    }

    /** The catalog table follows the events in their own transaction, never behind them. */
    @Bean
    ConfigurerModule productCatalogIsSubscribing() {
        return configurer -> configurer.eventProcessing().registerSubscribingEventProcessor(CATALOG_GROUP);
    }

    /** The product context's event names, revisions and topic (ADR 0017). */
    @Bean
    EventCatalog productEventCatalog() {
        return ProductEvents.CATALOG;
    }
}
