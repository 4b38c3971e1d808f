package org.ledgerline.saga.journal;

import java.util.EnumSet;
import java.util.Set;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;

/**
 * Which order statuses a saga's state allows, and what a saga's journal may show. A saga and its order move
 * together, one event at a time, so for a moment either may be ahead of the other; a saga that still disagrees once
 * both have settled has lost track of its order (before sagas were locked, a deadline and an event could overwrite
 * each other's change) and needs an operator. The judgement is pure; {@link SagaContradictions} feeds it.
 */
final class SagaConsistency {

    private static final Set<OrderStatus> BEFORE_CONFIRMATION = EnumSet.of(OrderStatus.PENDING);
    private static final Set<OrderStatus> SHIPPED = EnumSet.of(OrderStatus.SHIPPED, OrderStatus.DELIVERED);
    private static final Set<OrderStatus> UNDONE = EnumSet.of(OrderStatus.REJECTED, OrderStatus.CANCELLED);

    private SagaConsistency() {}

    /**
     * The contradiction between a settled saga and its order, or null when there is none.
     *
     * @param state        the saga's stored state (RUNNING, COMPENSATING, COMPLETED or COMPENSATED)
     * @param step         its current step (may be null)
     * @param order        the order's status in the orders read model; null when unknown (then only the journal
     *                     is judged)
     * @param compensated  whether the saga's journal shows a compensation (a refund, a release, a rejection) that
     *                     was sent or done
     */
    static String contradiction(SagaState state, String step, OrderStatus order, boolean compensated) {
        String saga = "the saga is " + state + (step == null ? "" : " at " + step);
        Set<OrderStatus> allowed = order == null ? null : allowed(state, step);
        if (allowed != null && !allowed.contains(order)) {
            return saga + " but the order is " + order;
        }
        boolean forward = state == SagaState.RUNNING || state == SagaState.COMPLETED;
        if (forward && compensated) {
            return saga + " but its journal shows a compensation (refund, release or rejection)";
        }
        return null;
    }

    /** The order statuses a saga in this state allows once both have settled; null: any. */
    private static Set<OrderStatus> allowed(SagaState state, String step) {
        return switch (state) {
            case RUNNING -> {
                if (SagaStep.AWAIT_SHIPMENT.name().equals(step)) {
                    yield EnumSet.of(OrderStatus.CONFIRMED);
                }
                if (SagaStep.COMMIT_STOCK.name().equals(step)) {
                    yield SHIPPED;
                }
                yield BEFORE_CONFIRMATION;
            }
            // Compensating: the order may still be pending or confirmed (a cancellation or rejection is on its
            // way), but shipped goods cannot be compensated.
            case COMPENSATING -> EnumSet.complementOf(EnumSet.copyOf(SHIPPED));
            case COMPLETED -> SHIPPED;
            case COMPENSATED -> UNDONE;
            default -> null;
        };
    }
}
