package org.ledgerline.eventstore.config;

import java.util.List;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, whose readers waiting at the head can also be woken for another node's commit
 * ({@link org.ledgerline.eventstore.jdbc.CrossNodeWakeUp}), as Axon wakes them after a commit of this JVM.
 */
final class WakeableEmbeddedEventStore extends EmbeddedEventStore {

    WakeableEmbeddedEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    /** Axon's own wake-up after a commit (its producer reads again if it was waiting), with no events of this JVM. */
    void wakeReaders() {
        afterCommit(List.of());
    }
}
