package org.ledgerline.saga.api;

/**
 * The steps of the order saga. Every forward step names the step that undoes it (none for the steps after the
 * order was confirmed: shipping cannot be undone, a cancellation before it undoes the earlier steps).
 */
public enum SagaStep {
    REFUND_PAYMENT(null),
    RELEASE_STOCK(null),
    REJECT_ORDER(null),
    RESERVE_STOCK(RELEASE_STOCK),
    CHARGE_PAYMENT(REFUND_PAYMENT),
    CONFIRM_ORDER(REJECT_ORDER),
    AWAIT_SHIPMENT(null),
    COMMIT_STOCK(null);

    private final SagaStep compensatedBy;

    SagaStep(SagaStep compensatedBy) {
        this.compensatedBy = compensatedBy;
    }

    /** The step that undoes this one, or null. */
    public SagaStep compensatedBy() {
        return compensatedBy;
    }

    /** Whether this step undoes another. */
    public boolean compensation() {
        return this == REFUND_PAYMENT || this == RELEASE_STOCK || this == REJECT_ORDER;
    }
}
