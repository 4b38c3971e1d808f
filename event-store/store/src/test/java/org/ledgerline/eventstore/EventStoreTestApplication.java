package org.ledgerline.eventstore;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The event store alone, for its integration tests. */
@SpringBootApplication
public class EventStoreTestApplication {}
