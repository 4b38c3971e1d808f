package org.ledgerline.saga.api;

import org.ledgerline.kernel.EventCatalog;

/**
 * The order saga's published events: the name and revision each is stored and published under (Kafka topic
 * {@code <prefix>.saga.events}), and the name it was stored under before names were pinned (its class name then).
 * Changing a name or a revision, or the shape of an event, is a contract change: see docs/adr/0017-event-contract.md.
 */
public final class SagaEvents {

    public static final EventCatalog CATALOG = EventCatalog.of("saga")
            .event(
                    SagaRetryRequested.class,
                    "saga.SagaRetryRequested",
                    "1",
                    "org.ledgerline.saga.api.SagaRetryRequested")
            .event(
                    SagaCompensationRequested.class,
                    "saga.SagaCompensationRequested",
                    "1",
                    "org.ledgerline.saga.api.SagaCompensationRequested")
            .build();

    private SagaEvents() {}
}
