package org.ledgerline.eventstore;

import org.axonframework.modelling.saga.repository.SagaStore;

/**
 * A saga store that can keep sagas in memory across units of work and still be right with several nodes on one
 * database: every load of a kept saga locks its row and compares the row version ({@code xmin}) with the one it was
 * read or written with, and reads the saga again when another node (or a deadline, or an operator action) changed it
 * since (ADR 0005). The event store's JDBC saga store is one; the saga module turns it on.
 */
public interface VersionCheckedSagaCache {

    /** The same store keeping up to {@code size} sagas (least recently used out first); 0: none. */
    SagaStore<Object> withCache(int size);
}
