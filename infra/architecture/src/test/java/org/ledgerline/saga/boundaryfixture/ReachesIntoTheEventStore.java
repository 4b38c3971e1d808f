package org.ledgerline.saga.boundaryfixture;

import org.ledgerline.eventstore.jdbc.CommitOrderedJdbcEventStorageEngine;

/**
 * A deliberate boundary violation, seen only by {@code ModuleBoundariesTest}: saga code reaching past the event
 * store's SPI (its top package) into its engine.
 */
public class ReachesIntoTheEventStore {

    CommitOrderedJdbcEventStorageEngine engine;
}
