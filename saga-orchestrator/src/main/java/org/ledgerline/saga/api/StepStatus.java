package org.ledgerline.saga.api;

/** How a saga step went: waiting, done, failed, undone by its compensation, or not needed. */
public enum StepStatus {
    PENDING,
    DONE,
    FAILED,
    COMPENSATED,
    SKIPPED
}
