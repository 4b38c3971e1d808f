package org.ledgerline.saga.order;

import java.time.Instant;

/**
 * The payload of a saga deadline: the wait it was scheduled for ({@code COMPENSATION} while compensating) and when
 * it fires, which tells the saga whether it is the deadline it has scheduled. {@code at} is null in deadlines
 * scheduled before the saga shared one deadline between its waits.
 *
 * <p>A deadline that found the saga processor behind the event store carries the position it waits for
 * ({@code storedUpTo}, the last event stored when it first fired) and how often it has waited ({@code waits}, for
 * its back-off); both are null in a deadline that has not waited.
 */
public record StepTimeout(String step, Instant at, Long storedUpTo, Integer waits) {

    public StepTimeout(String step, Instant at) {
        this(step, at, null, null);
    }

    int waited() {
        return waits == null ? 0 : waits;
    }
}
