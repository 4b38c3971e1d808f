package org.ledgerline.saga.api;

/**
 * Where an order saga is. STUCK is never stored: it is a RUNNING or COMPENSATING saga without progress for longer
 * than {@code ledgerline.saga.stuck-after}, judged when read.
 */
public enum SagaState {
    RUNNING,
    COMPENSATING,
    COMPLETED,
    COMPENSATED,
    FAILED,
    STUCK;

    /** Whether the saga has ended for good; operator actions are refused then. */
    public boolean ended() {
        return this == COMPLETED || this == COMPENSATED;
    }
}
