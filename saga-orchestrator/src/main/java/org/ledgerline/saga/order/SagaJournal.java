package org.ledgerline.saga.order;

import java.time.Duration;
import java.util.UUID;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.api.StepStatus;

/**
 * The saga's own account of what it did, written in the same unit of work (and transaction) as the saga's state,
 * so the read model never disagrees with the saga. One saga per order: the order id keys every entry.
 */
public interface SagaJournal {

    void started(String sagaId, UUID orderId, UUID customerId);

    void step(UUID orderId, SagaStep step, StepStatus status, String detail);

    /** The saga's state and current step; {@code error} (may be null) becomes its last error when set. */
    void state(UUID orderId, SagaState state, SagaStep currentStep, String error);

    void deadline(UUID orderId, String name, Duration dueIn);

    void deadlineCleared(UUID orderId, String name);

    /** An operator's request reached the saga: a kept failure is settled. */
    void recovered(UUID orderId);

    /** A journal that keeps nothing. */
    SagaJournal NONE = new SagaJournal() {
        @Override
        public void started(String sagaId, UUID orderId, UUID customerId) {}

        @Override
        public void step(UUID orderId, SagaStep step, StepStatus status, String detail) {}

        @Override
        public void state(UUID orderId, SagaState state, SagaStep currentStep, String error) {}

        @Override
        public void deadline(UUID orderId, String name, Duration dueIn) {}

        @Override
        public void deadlineCleared(UUID orderId, String name) {}

        @Override
        public void recovered(UUID orderId) {}
    };
}
