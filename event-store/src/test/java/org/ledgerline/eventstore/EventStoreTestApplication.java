package org.ledgerline.eventstore;

import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.probe.api.ProbeEvents;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The event store alone, for its integration tests; its events are the made-up {@code probe} context's. */
@SpringBootApplication
public class EventStoreTestApplication {

    @Bean
    EventCatalog probeEventCatalog() {
        return ProbeEvents.CATALOG;
    }
}
