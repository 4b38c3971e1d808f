package org.ledgerline.replication;

import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.probe.api.ProbeEvents;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The event store and its Kafka replica, without the platform, for this module's integration tests; its events are
 * the made-up {@code probe} context's.
 */
@SpringBootApplication
public class ReplicationTestApplication {

    @Bean
    EventCatalog probeEventCatalog() {
        return ProbeEvents.CATALOG;
    }
}
