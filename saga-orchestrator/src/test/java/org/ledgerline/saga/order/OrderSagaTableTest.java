package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.saga.api.SagaCompensationRequested;
import org.ledgerline.saga.api.SagaRetryRequested;
import org.ledgerline.saga.api.SagaStep;

/** The table the saga runs is the saga: every answer it lists is handled, every event handled is listed. */
class OrderSagaTableTest {

    @Test
    void the_saga_handles_exactly_the_answers_its_table_lists_besides_its_start_and_the_operators_requests() {
        Set<Class<?>> listed =
                new HashSet<>(List.of(OrderPlaced.class, SagaRetryRequested.class, SagaCompensationRequested.class));
        OrderSagaTable.STEPS.forEach(row -> {
            listed.addAll(row.answers());
            listed.addAll(row.undoneWhen());
        });
        Set<Class<?>> handled = new HashSet<>();
        for (Method method : OrderSaga.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(SagaEventHandler.class)) {
                handled.add(method.getParameterTypes()[0]);
            }
        }
        assertThat(handled).containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void the_table_lists_the_forward_steps_in_order_with_the_compensations_the_journal_names() {
        assertThat(OrderSagaTable.STEPS)
                .extracting(OrderSagaTable::step)
                .containsExactly(
                        SagaStep.RESERVE_STOCK,
                        SagaStep.CHARGE_PAYMENT,
                        SagaStep.CONFIRM_ORDER,
                        SagaStep.AWAIT_SHIPMENT,
                        SagaStep.COMMIT_STOCK);
        OrderSagaTable.STEPS.forEach(row -> assertThat(row.compensation())
                .as(row.step().name())
                .isEqualTo(row.step().compensatedBy()));
        assertThat(Stream.of(SagaStep.values()).filter(step -> !step.compensation()))
                .containsExactlyElementsOf(
                        OrderSagaTable.STEPS.stream().map(OrderSagaTable::step).toList());
    }
}
