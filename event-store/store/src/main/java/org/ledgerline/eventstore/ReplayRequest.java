package org.ledgerline.eventstore;

import java.time.Instant;

/**
 * A replay of one processor as recorded in {@code processor_replay}: from where, in which state, and which node
 * reset it.
 *
 * @param fromPosition replay the events after this global index (0: all); null when {@code fromTime} is set
 * @param fromTime     replay the events from this time on; null when {@code fromPosition} is set
 * @param state        {@code PENDING} (nodes are pausing), {@code DONE} (reset; the processor is replaying) or
 *                     {@code FAILED} (see {@code error})
 */
public record ReplayRequest(
        long id,
        String processor,
        Long fromPosition,
        Instant fromTime,
        String state,
        String requestedBy,
        Instant requestedAt,
        String resetBy,
        Instant finishedAt,
        String error) {

    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    public boolean pending() {
        return PENDING.equals(state);
    }
}
