package org.ledgerline.saga.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.saga.api.SagaState;

class SagaConsistencyTest {

    @Test
    void a_saga_waiting_for_the_shipment_of_a_confirmed_order_is_consistent() {
        assertThat(SagaConsistency.contradiction(SagaState.RUNNING, "AWAIT_SHIPMENT", OrderStatus.CONFIRMED, false))
                .isNull();
    }

    @Test
    void a_saga_waiting_for_the_shipment_of_a_cancelled_order_contradicts_it() {
        assertThat(SagaConsistency.contradiction(SagaState.RUNNING, "AWAIT_SHIPMENT", OrderStatus.CANCELLED, false))
                .isEqualTo("the saga is RUNNING at AWAIT_SHIPMENT but the order is CANCELLED");
    }

    @Test
    void a_saga_confirming_an_order_that_was_rejected_contradicts_it() {
        assertThat(SagaConsistency.contradiction(SagaState.RUNNING, "CONFIRM_ORDER", OrderStatus.REJECTED, false))
                .isEqualTo("the saga is RUNNING at CONFIRM_ORDER but the order is REJECTED");
    }

    @Test
    void a_running_saga_whose_journal_shows_a_compensation_contradicts_itself_whatever_the_order() {
        assertThat(SagaConsistency.contradiction(SagaState.RUNNING, "AWAIT_SHIPMENT", OrderStatus.CONFIRMED, true))
                .contains("journal shows a compensation");
        assertThat(SagaConsistency.contradiction(SagaState.RUNNING, "AWAIT_SHIPMENT", null, true))
                .contains("journal shows a compensation");
    }

    @Test
    void a_compensating_saga_may_find_its_order_still_pending_or_confirmed_but_not_shipped() {
        assertThat(SagaConsistency.contradiction(SagaState.COMPENSATING, "CONFIRM_ORDER", OrderStatus.CONFIRMED, true))
                .isNull();
        assertThat(SagaConsistency.contradiction(SagaState.COMPENSATING, "CONFIRM_ORDER", OrderStatus.PENDING, true))
                .isNull();
        assertThat(SagaConsistency.contradiction(SagaState.COMPENSATING, "AWAIT_SHIPMENT", OrderStatus.SHIPPED, true))
                .isNotNull();
    }

    @Test
    void a_compensated_saga_whose_order_is_confirmed_contradicts_it() {
        assertThat(SagaConsistency.contradiction(SagaState.COMPENSATED, "CONFIRM_ORDER", OrderStatus.CONFIRMED, true))
                .isEqualTo("the saga is COMPENSATED at CONFIRM_ORDER but the order is CONFIRMED");
        assertThat(SagaConsistency.contradiction(SagaState.COMPENSATED, "CONFIRM_ORDER", OrderStatus.REJECTED, true))
                .isNull();
    }

    @Test
    void a_completed_saga_needs_a_shipped_order() {
        assertThat(SagaConsistency.contradiction(SagaState.COMPLETED, "COMMIT_STOCK", OrderStatus.DELIVERED, false))
                .isNull();
        assertThat(SagaConsistency.contradiction(SagaState.COMPLETED, "COMMIT_STOCK", OrderStatus.CANCELLED, false))
                .isNotNull();
    }

    @Test
    void an_order_the_read_model_does_not_know_leaves_only_the_journal_to_judge() {
        assertThat(SagaConsistency.contradiction(SagaState.RUNNING, "RESERVE_STOCK", null, false))
                .isNull();
    }
}
