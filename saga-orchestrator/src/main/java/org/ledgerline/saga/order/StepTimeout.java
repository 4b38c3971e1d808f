package org.ledgerline.saga.order;

import java.time.Instant;

/**
 * The payload of a saga deadline: the wait it was scheduled for ({@code COMPENSATION} while compensating) and when
 * it fires, which tells the saga whether it is the deadline it has scheduled. {@code at} is null in deadlines
 * scheduled before the saga shared one deadline between its waits.
 */
public record StepTimeout(String step, Instant at) {
}
