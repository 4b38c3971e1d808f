package org.ledgerline.saga.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.Scope;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.CancelOrder;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderRejectionReason;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.RejectOrder;
import org.ledgerline.product.api.CommitStockReservation;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ReleaseStockReservation;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.saga.api.SagaCompensationRequested;
import org.ledgerline.saga.api.SagaRetryRequested;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.api.StepStatus;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclined;
import org.ledgerline.user.api.ChargeForOrder;
import org.ledgerline.user.api.RefundOrder;
import org.ledgerline.user.api.UserId;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Turns a placed order into a confirmed one, or into a cleanly rejected one, step by step as {@link OrderSagaTable}
 * lists them: reserve the stock, charge the payment, confirm the order, wait for the shipment, commit the stock.
 * When a step fails (a refusal, no answer in time, a cancellation, an operator) the saga compensates the steps done
 * so far, in reverse: refund, release, reject (or cancel a confirmed order).
 *
 * <p>Each waiting step has a due time, set when the step starts; when it passes without an answer the saga
 * compensates with {@code TIMEOUT}. The waits share one scheduled deadline ({@link SagaDeadline}).
 *
 * <p>Before a step gives up on its answer, its deadline makes sure the answer is not stored already: after a restart,
 * or behind a backlog, the saga processor may not have reached it yet. If the processor has not handled every event
 * stored when the deadline fired ({@link SagaProgress}), the deadline waits for it (1 s, doubled each time, at most
 * 30 s) instead of compensating an order that succeeded.
 *
 * <p>Compensation ends the saga only once every request it sent was answered and everything reserved or charged
 * was given back: an answer that arrives after a timeout (a late {@link StockReserved}) is undone too. Until then its
 * deadline sends every unanswered request again, with back-off (the compensation timeout, doubled each time up to
 * a cap), so a command lost in a crash cannot leave the saga COMPENSATING forever. Every command is idempotent on its
 * receiver and answered once per order, so re-sending is safe; that includes a charge whose answer never came (the
 * account answers an order's charge once, declined or charged, and a charge that succeeds now is refunded).
 *
 * <p>Fields only (Jackson, field visibility); the resources are transient and injected. The fields are the stored
 * saga: sagas in flight are read back by their names ({@code OrderSagaRecordingsTest} holds JSON stored by earlier
 * versions).
 */
@Saga
@ProcessingGroup(OrderSaga.PROCESSING_GROUP)
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrderSaga {

    public static final String PROCESSING_GROUP = "order-saga";
    /** The association key of every event this saga handles; its value is the raw order UUID. */
    public static final String ORDER_ID = "orderId";

    static final String STEP_TIMEOUT = "order-saga-step-timeout";
    static final String COMPENSATION = "COMPENSATION";

    /** A product's reservation, as far as the saga knows. */
    enum Reservation {
        REQUESTED,
        RESERVED,
        REJECTED,
        RELEASING,
        RELEASED,
        COMMITTING,
        COMMITTED
    }

    /** The order's charge, as far as the saga knows. */
    enum Charge {
        NONE,
        REQUESTED,
        CHARGED,
        DECLINED,
        REFUNDING,
        REFUNDED
    }

    /** The order itself, as far as the saga knows (not the order aggregate's status). */
    enum OrderProgress {
        PENDING,
        CONFIRM_REQUESTED,
        CONFIRMED,
        REJECT_REQUESTED,
        REJECTED,
        CANCEL_REQUESTED,
        CANCELLED,
        SHIPPED
    }

    private UUID orderId;
    private UUID customerId;
    private Money total;
    /** Units per product: two lines of one product are one reservation (the product answers an order once). */
    private Map<UUID, Integer> quantities;

    private Map<UUID, Reservation> lines;
    private Charge charge = Charge.NONE;
    private OrderProgress order = OrderProgress.PENDING;
    private SagaStep step;
    private boolean compensating;
    private String reason;
    /** Stored inline, as its fields were before they had a class of their own. */
    @JsonUnwrapped
    private SagaDeadline deadline = new SagaDeadline();

    @Autowired
    private transient SagaCommands commands;

    @Autowired
    private transient DeadlineManager deadlines;

    @Autowired
    private transient SagaJournal journal;

    @Autowired
    private transient SagaTimeouts timeouts;

    @Autowired
    private transient SagaProgress progress;

    // ---- RESERVE_STOCK, compensated by RELEASE_STOCK

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderPlaced event) {
        orderId = event.orderId().value();
        customerId = event.customerId();
        total = event.total();
        quantities = new LinkedHashMap<>();
        for (OrderLine line : event.lines()) {
            quantities.merge(line.productId(), line.quantity(), Integer::sum);
        }
        lines = new LinkedHashMap<>();
        quantities.keySet().forEach(product -> lines.put(product, Reservation.REQUESTED));
        journal.started(sagaId(), orderId, customerId);
        begin(SagaStep.RESERVE_STOCK, quantities.size() + " product(s)");
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReserved event) {
        UUID product = event.productId().value();
        if (lines.get(product) != Reservation.REQUESTED) {
            return; // a repeated answer
        }
        lines.put(product, Reservation.RESERVED);
        if (compensating) {
            release(product); // a late answer after compensation started: undo it too
            return;
        }
        if (lines.values().stream().allMatch(line -> line == Reservation.RESERVED)) {
            finish(SagaStep.RESERVE_STOCK, StepStatus.DONE, "reserved");
            begin(SagaStep.CHARGE_PAYMENT, total.toString());
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationRejected event) {
        UUID product = event.productId().value();
        if (lines.get(product) != Reservation.REQUESTED) {
            return;
        }
        lines.put(product, Reservation.REJECTED);
        String detail = "product " + product + ": " + event.reason() + " (" + event.quantity() + " wanted, "
                + event.available() + " available)";
        failedOrSettle(SagaStep.RESERVE_STOCK, OrderRejectionReason.OUT_OF_STOCK, detail, detail);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationReleased event) {
        UUID product = event.productId().value();
        if (lines.get(product) == Reservation.RELEASING || lines.get(product) == Reservation.RESERVED) {
            lines.put(product, Reservation.RELEASED);
            settleIfUndone();
        }
    }

    // ---- CHARGE_PAYMENT, compensated by REFUND_PAYMENT

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(AccountCharged event) {
        if (charge != Charge.REQUESTED && charge != Charge.DECLINED) {
            return;
        }
        charge = Charge.CHARGED;
        if (compensating) {
            refund(); // charged after compensation started: give it back
            return;
        }
        finish(SagaStep.CHARGE_PAYMENT, StepStatus.DONE, event.amount().toString());
        begin(SagaStep.CONFIRM_ORDER, null);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(ChargeDeclined event) {
        if (charge != Charge.REQUESTED) {
            return;
        }
        charge = Charge.DECLINED;
        String detail = event.reason() + " (" + event.amount() + " asked)";
        failedOrSettle(SagaStep.CHARGE_PAYMENT, OrderRejectionReason.PAYMENT_DECLINED, detail, detail);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(AccountRefunded event) {
        if (charge == Charge.REFUNDING || charge == Charge.CHARGED) {
            charge = Charge.REFUNDED;
            settleIfUndone();
        }
    }

    // ---- CONFIRM_ORDER, compensated by REJECT_ORDER (CancelOrder once the order is confirmed)

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderConfirmed event) {
        if (order != OrderProgress.CONFIRM_REQUESTED && order != OrderProgress.REJECT_REQUESTED) {
            return;
        }
        order = OrderProgress.CONFIRMED;
        if (compensating) {
            cancelConfirmedOrder(); // confirmed after compensation started: a confirmed order is cancelled
            return;
        }
        finish(SagaStep.CONFIRM_ORDER, StepStatus.DONE, null);
        deadline.disarm(means()); // no deadline while the order waits for its shipment
        step = SagaStep.AWAIT_SHIPMENT;
        journalStep(SagaStep.AWAIT_SHIPMENT, StepStatus.PENDING, null);
        journalState(SagaState.RUNNING, null);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderRejected event) {
        order = OrderProgress.REJECTED;
        if (compensating) {
            journalStep(SagaStep.REJECT_ORDER, StepStatus.DONE, event.reason());
            settleIfUndone();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancelled event) {
        boolean wasCompensating = compensating;
        order = OrderProgress.CANCELLED;
        if (!wasCompensating) {
            if (step == SagaStep.AWAIT_SHIPMENT) {
                journalStep(SagaStep.CONFIRM_ORDER, StepStatus.COMPENSATED, "order cancelled");
            }
            journalStep(step, StepStatus.SKIPPED, "order cancelled");
            compensate(OrderRejectionReason.CANCELLED, "order cancelled (was " + event.previousStatus() + ")");
        } else {
            journalStep(SagaStep.REJECT_ORDER, StepStatus.DONE, "cancelled");
            settleIfUndone();
        }
    }

    // ---- AWAIT_SHIPMENT, then COMMIT_STOCK: no compensation after shipping

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderShipped event) {
        if (compensating || order != OrderProgress.CONFIRMED) {
            return;
        }
        order = OrderProgress.SHIPPED;
        finish(SagaStep.AWAIT_SHIPMENT, StepStatus.DONE, "shipped");
        lines.replaceAll((product, line) -> Reservation.COMMITTING);
        begin(SagaStep.COMMIT_STOCK, null);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationCommitted event) {
        UUID product = event.productId().value();
        if (lines.get(product) != Reservation.COMMITTING) {
            return;
        }
        lines.put(product, Reservation.COMMITTED);
        if (lines.values().stream().allMatch(line -> line == Reservation.COMMITTED)) {
            deadline.disarm(means());
            finish(SagaStep.COMMIT_STOCK, StepStatus.DONE, null);
            journalState(SagaState.COMPLETED, null);
            SagaLifecycle.end();
        }
    }

    // ---- deadlines and operator requests

    @DeadlineHandler(deadlineName = STEP_TIMEOUT)
    void on(StepTimeout timeout) {
        if (deadline.fired(means(), timeout) != SagaDeadline.Firing.DUE) {
            return;
        }
        if (compensating) {
            deadline.endWait(means());
            resendCompensation();
            deadline.arm(means(), COMPENSATION, deadline.nextResend(means(), timeouts.compensation()));
        } else if (step == SagaStep.COMMIT_STOCK) {
            deadline.endWait(means());
            ask(step);
            deadline.arm(means(), step.name(), deadline.nextResend(means(), timeouts.commitStock()));
        } else {
            long storedWhenDue = timeout.storedUpTo() != null ? timeout.storedUpTo() : progress.storedUpTo();
            if (!progress.handledUpTo(storedWhenDue)) {
                deadline.waitForTheProcessor(means(), storedWhenDue, timeout.waited());
                return;
            }
            deadline.endWait(means());
            String detail = "no answer within " + timeoutOf(step);
            failed(step, OrderRejectionReason.TIMEOUT, detail, step + ": " + detail);
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(SagaRetryRequested request) {
        journal.recovered(orderId);
        deadline.resetResends();
        if (compensating) {
            resumeCompensation();
            return;
        }
        ask(step);
        if (OrderSagaTable.of(step).waits()) {
            deadline.arm(means(), step.name(), timeoutOf(step));
        }
        journalState(SagaState.RUNNING, null);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(SagaCompensationRequested request) {
        journal.recovered(orderId);
        deadline.resetResends();
        if (compensating) {
            resumeCompensation();
            return;
        }
        if (order == OrderProgress.SHIPPED) {
            return; // shipped goods cannot be undone; the controller refuses this, a late request changes nothing
        }
        // Journaled before the running wait is cleared (by compensate), unlike a step that failed by itself.
        journalStep(step, StepStatus.FAILED, "compensation forced by an operator");
        compensate(OrderRejectionReason.COMPENSATED_BY_OPERATOR, "compensation forced by an operator");
    }

    // ---- the forward steps

    /** Starts a step of the table: journals it, arms its deadline and asks for its answers. */
    private void begin(SagaStep next, String detail) {
        step = next;
        deadline.resetResends();
        journalStep(next, StepStatus.PENDING, detail);
        journalState(SagaState.RUNNING, null);
        deadline.arm(means(), next.name(), timeoutOf(next));
        ask(next);
    }

    /**
     * Sends the step's command for what has not been answered yet. A handler that threw half-way may have entered
     * the step without asking: a retry asks now.
     */
    private void ask(SagaStep waiting) {
        switch (waiting) {
            case RESERVE_STOCK ->
                lines.forEach((product, line) -> {
                    if (line == Reservation.REQUESTED) {
                        commands.send(new ReserveStock(new ProductId(product), orderId, quantities.get(product)));
                    }
                });
            case CHARGE_PAYMENT -> {
                if (charge == Charge.NONE) {
                    charge = Charge.REQUESTED;
                }
                if (charge == Charge.REQUESTED) {
                    commands.send(new ChargeForOrder(new UserId(customerId), orderId, total));
                }
            }
            case CONFIRM_ORDER -> {
                if (order == OrderProgress.PENDING) {
                    order = OrderProgress.CONFIRM_REQUESTED;
                }
                if (order == OrderProgress.CONFIRM_REQUESTED) {
                    commands.send(new ConfirmOrder(new OrderId(orderId)));
                }
            }
            case COMMIT_STOCK ->
                lines.forEach((product, line) -> {
                    if (line == Reservation.COMMITTING) {
                        commands.send(new CommitStockReservation(new ProductId(product), orderId));
                    }
                });
            default -> {}
        }
    }

    private void finish(SagaStep finished, StepStatus status, String detail) {
        if (deadline.waitsFor(finished.name())) {
            deadline.endWait(means());
        }
        journalStep(finished, status, detail);
    }

    /** A refusal answered a step: it failed, unless the saga compensates already and only waited for the answer. */
    private void failedOrSettle(SagaStep refused, OrderRejectionReason why, String detail, String error) {
        if (compensating) {
            settleIfUndone();
        } else {
            failed(refused, why, detail, error);
        }
    }

    /** The step failed: it is journaled so and the steps done so far are compensated. */
    private void failed(SagaStep failed, OrderRejectionReason why, String detail, String error) {
        finish(failed, StepStatus.FAILED, detail);
        compensate(why, error);
    }

    // ---- compensation

    private void compensate(OrderRejectionReason why, String detail) {
        compensating = true;
        reason = why.name();
        deadline.resetResends();
        deadline.endWait(means());
        journalState(SagaState.COMPENSATING, detail);
        // In reverse: the payment, the stock, the order.
        switch (charge) {
            case CHARGED -> refund();
            case REQUESTED ->
                journalStep(SagaStep.REFUND_PAYMENT, StepStatus.PENDING, "waiting for the charge's answer");
            default -> journalStep(SagaStep.REFUND_PAYMENT, StepStatus.SKIPPED, "nothing charged");
        }
        lines.forEach((product, line) -> {
            if (line == Reservation.RESERVED) {
                release(product);
            }
        });
        if (lines.values().stream().noneMatch(line -> line == Reservation.RELEASING || line == Reservation.REQUESTED)) {
            journalStep(SagaStep.RELEASE_STOCK, StepStatus.SKIPPED, "nothing reserved");
        }
        switch (order) {
            case PENDING, CONFIRM_REQUESTED -> reject();
            case CONFIRMED -> cancelConfirmedOrder();
            default -> journalStep(SagaStep.REJECT_ORDER, StepStatus.SKIPPED, "order cancelled already");
        }
        deadline.arm(means(), COMPENSATION, timeouts.compensation());
        settleIfUndone();
    }

    /** An operator asked again while the saga compensates: every unanswered request goes out again. */
    private void resumeCompensation() {
        resendCompensation();
        deadline.arm(means(), COMPENSATION, timeouts.compensation());
        journalState(SagaState.COMPENSATING, null);
    }

    private void refund() {
        charge = Charge.REFUNDING;
        journalStep(SagaStep.REFUND_PAYMENT, StepStatus.PENDING, total.toString());
        commands.send(new RefundOrder(new UserId(customerId), orderId));
    }

    private void release(UUID product) {
        lines.put(product, Reservation.RELEASING);
        journalStep(SagaStep.RELEASE_STOCK, StepStatus.PENDING, null);
        commands.send(new ReleaseStockReservation(new ProductId(product), orderId));
    }

    private void reject() {
        order = OrderProgress.REJECT_REQUESTED;
        journalStep(SagaStep.REJECT_ORDER, StepStatus.PENDING, reason);
        commands.send(new RejectOrder(new OrderId(orderId), reason));
    }

    private void cancelConfirmedOrder() {
        order = OrderProgress.CANCEL_REQUESTED;
        journalStep(SagaStep.REJECT_ORDER, StepStatus.PENDING, "cancelling the confirmed order");
        commands.send(new CancelOrder(new OrderId(orderId), reason, null));
    }

    /** Ends the saga once nothing is waiting for an answer and nothing is left reserved, charged or open. */
    private void settleIfUndone() {
        boolean stockOpen = lines.values().stream()
                .anyMatch(l -> l == Reservation.REQUESTED || l == Reservation.RESERVED || l == Reservation.RELEASING);
        boolean moneyOpen = charge == Charge.REQUESTED || charge == Charge.CHARGED || charge == Charge.REFUNDING;
        boolean orderOpen = order != OrderProgress.REJECTED && order != OrderProgress.CANCELLED;
        if (!stockOpen && lines.containsValue(Reservation.RELEASED)) {
            journalCompensated(SagaStep.RESERVE_STOCK);
        }
        if (!moneyOpen && charge == Charge.REFUNDED) {
            journalCompensated(SagaStep.CHARGE_PAYMENT);
        } else if (!moneyOpen) {
            journalStep(SagaStep.REFUND_PAYMENT, StepStatus.SKIPPED, "nothing charged");
        }
        if (stockOpen || moneyOpen || orderOpen) {
            return;
        }
        deadline.disarm(means());
        journalState(SagaState.COMPENSATED, null);
        SagaLifecycle.end();
    }

    private void resendCompensation() {
        lines.forEach((product, line) -> {
            switch (line) {
                // A reservation that never answered: asking again forces an answer (the product answers once).
                case REQUESTED ->
                    commands.send(new ReserveStock(new ProductId(product), orderId, quantities.get(product)));
                case RESERVED, RELEASING -> release(product);
                default -> {}
            }
        });
        if (charge == Charge.CHARGED || charge == Charge.REFUNDING) {
            refund();
        } else if (charge == Charge.REQUESTED) {
            // A charge that never answered: asking again forces an answer (the account answers an order once).
            commands.send(new ChargeForOrder(new UserId(customerId), orderId, total));
        }
        switch (order) {
            case PENDING, CONFIRM_REQUESTED, REJECT_REQUESTED -> reject();
            case CONFIRMED, CANCEL_REQUESTED -> cancelConfirmedOrder();
            default -> {}
        }
    }

    // ---- the journal and the deadline

    private void journalStep(SagaStep journaled, StepStatus status, String detail) {
        journal.step(orderId, journaled, status, detail);
    }

    /** The saga's state, at its current step. */
    private void journalState(SagaState state, String error) {
        journal.state(orderId, state, step, error);
    }

    /** The step's compensation is done, and so the step is undone. */
    private void journalCompensated(SagaStep undone) {
        journalStep(OrderSagaTable.of(undone).compensation(), StepStatus.DONE, null);
        journalStep(undone, StepStatus.COMPENSATED, null);
    }

    private SagaDeadline.Means means() {
        return new SagaDeadline.Means(orderId, deadlines, journal, timeouts);
    }

    private Duration timeoutOf(SagaStep waiting) {
        OrderSagaTable row = OrderSagaTable.of(waiting);
        return row.waits() ? row.timeoutIn(timeouts) : timeouts.compensation();
    }

    private static String sagaId() {
        return ((SagaScopeDescriptor) Scope.describeCurrentScope())
                .getIdentifier()
                .toString();
    }
}
