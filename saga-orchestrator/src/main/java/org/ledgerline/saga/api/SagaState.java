package org.ledgerline.saga.api;

/**
 * Where an order saga is. STUCK is never stored: it is a RUNNING or COMPENSATING saga without progress for longer
 * than {@code ledgerline.saga.stuck-after}, judged when read (a confirmed order waiting for its shipment is never
 * STUCK). CONTRADICTED is a saga whose state contradicts its order's, or its own journal (a saga waiting for the
 * shipment of an order that was cancelled, or one running forward that refunded its payment), as the saga's
 * consistency check last found it; it needs an operator.
 */
public enum SagaState {
    RUNNING,
    COMPENSATING,
    COMPLETED,
    COMPENSATED,
    FAILED,
    STUCK,
    CONTRADICTED;

    /** Whether the saga has ended for good; operator actions are refused then. */
    public boolean ended() {
        return this == COMPLETED || this == COMPENSATED;
    }
}
