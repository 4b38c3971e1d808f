package org.ledgerline.saga.order;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.ledgerline.order.api.CancelOrder;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.RejectOrder;
import org.ledgerline.product.api.CommitStockReservation;
import org.ledgerline.product.api.ReleaseStockReservation;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclined;
import org.ledgerline.user.api.ChargeForOrder;
import org.ledgerline.user.api.RefundOrder;

/**
 * The order saga's table: its forward steps in order, what each sends and waits for and how long, and what undoes
 * it. {@link OrderSaga} runs it; {@code OrderSagaTableTest} holds the two together (every answer in the table has a
 * handler, every handler an answer in the table).
 *
 * @param step         the step, as the journal names it
 * @param command      what the step sends (null: it only waits)
 * @param answers      the events that end the step, well or badly
 * @param timeout      how long the step waits for its answers (null: as long as it takes)
 * @param compensation what undoes the step (null: nothing, or nothing needs to)
 * @param undoneBy     the commands the compensation sends
 * @param undoneWhen   the events that tell the compensation is done
 */
record OrderSagaTable(
        SagaStep step,
        Class<?> command,
        List<Class<?>> answers,
        Function<SagaTimeouts, Duration> timeout,
        SagaStep compensation,
        List<Class<?>> undoneBy,
        List<Class<?>> undoneWhen) {

    static final List<OrderSagaTable> STEPS = List.of(
            new OrderSagaTable(
                    SagaStep.RESERVE_STOCK,
                    ReserveStock.class,
                    List.of(StockReserved.class, StockReservationRejected.class),
                    SagaTimeouts::reserveStock,
                    SagaStep.RELEASE_STOCK,
                    List.of(ReleaseStockReservation.class),
                    List.of(StockReservationReleased.class)),
            new OrderSagaTable(
                    SagaStep.CHARGE_PAYMENT,
                    ChargeForOrder.class,
                    List.of(AccountCharged.class, ChargeDeclined.class),
                    SagaTimeouts::chargePayment,
                    SagaStep.REFUND_PAYMENT,
                    List.of(RefundOrder.class),
                    List.of(AccountRefunded.class)),
            // A confirmed order is cancelled rather than rejected.
            new OrderSagaTable(
                    SagaStep.CONFIRM_ORDER,
                    ConfirmOrder.class,
                    List.of(OrderConfirmed.class),
                    SagaTimeouts::confirmOrder,
                    SagaStep.REJECT_ORDER,
                    List.of(RejectOrder.class, CancelOrder.class),
                    List.of(OrderRejected.class, OrderCancelled.class)),
            // The operator ships; a cancellation meanwhile compensates the steps above.
            new OrderSagaTable(
                    SagaStep.AWAIT_SHIPMENT,
                    null,
                    List.of(OrderShipped.class, OrderCancelled.class),
                    null,
                    null,
                    List.of(),
                    List.of()),
            // Shipped goods are gone: nothing undoes this step, it sends its commands until they are answered.
            new OrderSagaTable(
                    SagaStep.COMMIT_STOCK,
                    CommitStockReservation.class,
                    List.of(StockReservationCommitted.class),
                    SagaTimeouts::commitStock,
                    null,
                    List.of(),
                    List.of()));

    static OrderSagaTable of(SagaStep step) {
        return STEPS.stream()
                .filter(row -> row.step == step)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a forward step of the order saga: " + step));
    }

    /** Whether the step has a deadline. */
    boolean waits() {
        return timeout != null;
    }

    Duration timeoutIn(SagaTimeouts timeouts) {
        return timeout.apply(timeouts);
    }
}
