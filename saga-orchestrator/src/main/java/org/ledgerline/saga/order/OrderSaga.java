package org.ledgerline.saga.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.time.Instant;
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
 * Turns a placed order into a confirmed one, or into a cleanly rejected one.
 *
 * <pre>
 *   step             command                       compensation
 *   RESERVE_STOCK    ReserveStock (every product)   RELEASE_STOCK   ReleaseStockReservation (what was reserved)
 *   CHARGE_PAYMENT   ChargeForOrder                 REFUND_PAYMENT  RefundOrder (what was charged)
 *   CONFIRM_ORDER    ConfirmOrder                   REJECT_ORDER    RejectOrder, or CancelOrder once confirmed
 *   AWAIT_SHIPMENT   (the operator ships)           a cancellation compensates the steps above
 *   COMMIT_STOCK     CommitStockReservation         none: shipped goods are gone
 * </pre>
 *
 * <p>Each waiting step has a due time, set when the step starts; when it passes without an answer the saga
 * compensates with {@code TIMEOUT}. The saga keeps at most one scheduled deadline, shared by its waits: a step that
 * starts while an earlier deadline is still scheduled keeps it, and when it fires before the running wait is due it
 * schedules itself again for that due time. The happy path so schedules one deadline and cancels it once, instead of
 * one schedule and one cancel per step (each a database write of the deadline manager).
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
 * <p>Fields only (Jackson, field visibility); the resources are transient and injected.
 */
@Saga
@ProcessingGroup(OrderSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
                getterVisibility = JsonAutoDetect.Visibility.NONE,
                isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrderSaga {

    public static final String PROCESSING_GROUP = "order-saga";
    /** The association key of every event this saga handles; its value is the raw order UUID. */
    public static final String ORDER_ID = "orderId";
    static final String STEP_TIMEOUT = "order-saga-step-timeout";
    static final String COMPENSATION = "COMPENSATION";


    enum Line { REQUESTED, RESERVED, REJECTED, RELEASING, RELEASED, COMMITTING, COMMITTED }

    enum Charge { NONE, REQUESTED, CHARGED, DECLINED, REFUNDING, REFUNDED }

    enum Order { PENDING, CONFIRM_REQUESTED, CONFIRMED, REJECT_REQUESTED, REJECTED, CANCEL_REQUESTED, CANCELLED,
        SHIPPED }

    private UUID orderId;
    private UUID customerId;
    private Money total;
    /** Units per product: two lines of one product are one reservation (the product answers an order once). */
    private Map<UUID, Integer> quantities;
    private Map<UUID, Line> lines;
    private Charge charge = Charge.NONE;
    private Order order = Order.PENDING;
    private SagaStep step;
    private boolean compensating;
    private String reason;
    /** The saga's one scheduled deadline (db-scheduler's id) and when it fires; null: none scheduled. */
    private String deadlineId;
    private Instant deadlineAt;
    /** The wait that is running and when it is due; null: nothing waits. */
    private String deadlineFor;
    private Instant dueAt;
    /** How often the running wait sent its commands again: the back-off of the next time. */
    private int resends;

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
        quantities.keySet().forEach(product -> lines.put(product, Line.REQUESTED));
        journal.started(sagaId(), orderId, customerId);
        begin(SagaStep.RESERVE_STOCK, timeouts.reserveStock(), quantities.size() + " product(s)");
        quantities.forEach((product, units) -> commands.send(new ReserveStock(new ProductId(product), orderId, units)));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReserved event) {
        UUID product = event.productId().value();
        if (lines.get(product) != Line.REQUESTED) {
            return; // a repeated answer
        }
        lines.put(product, Line.RESERVED);
        if (compensating) {
            release(product); // a late answer after compensation started: undo it too
            return;
        }
        if (lines.values().stream().allMatch(line -> line == Line.RESERVED)) {
            finish(SagaStep.RESERVE_STOCK, StepStatus.DONE, "reserved");
            begin(SagaStep.CHARGE_PAYMENT, timeouts.chargePayment(), total.toString());
            charge = Charge.REQUESTED;
            commands.send(new ChargeForOrder(new UserId(customerId), orderId, total));
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationRejected event) {
        UUID product = event.productId().value();
        if (lines.get(product) != Line.REQUESTED) {
            return;
        }
        lines.put(product, Line.REJECTED);
        if (!compensating) {
            String detail = "product " + product + ": " + event.reason() + " (" + event.quantity() + " wanted, "
                    + event.available() + " available)";
            finish(SagaStep.RESERVE_STOCK, StepStatus.FAILED, detail);
            compensate(OrderRejectionReason.OUT_OF_STOCK, detail);
        } else {
            settleIfUndone();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationReleased event) {
        UUID product = event.productId().value();
        if (lines.get(product) == Line.RELEASING || lines.get(product) == Line.RESERVED) {
            lines.put(product, Line.RELEASED);
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
        begin(SagaStep.CONFIRM_ORDER, timeouts.confirmOrder(), null);
        order = Order.CONFIRM_REQUESTED;
        commands.send(new ConfirmOrder(new OrderId(orderId)));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(ChargeDeclined event) {
        if (charge != Charge.REQUESTED) {
            return;
        }
        charge = Charge.DECLINED;
        if (!compensating) {
            String detail = event.reason() + " (" + event.amount() + " asked)";
            finish(SagaStep.CHARGE_PAYMENT, StepStatus.FAILED, detail);
            compensate(OrderRejectionReason.PAYMENT_DECLINED, detail);
        } else {
            settleIfUndone();
        }
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
        if (order != Order.CONFIRM_REQUESTED && order != Order.REJECT_REQUESTED) {
            return;
        }
        order = Order.CONFIRMED;
        if (compensating) {
            cancelConfirmedOrder(); // confirmed after compensation started: a confirmed order is cancelled
            return;
        }
        finish(SagaStep.CONFIRM_ORDER, StepStatus.DONE, null);
        disarm(); // no deadline while the order waits for its shipment
        step = SagaStep.AWAIT_SHIPMENT;
        journal.step(orderId, SagaStep.AWAIT_SHIPMENT, StepStatus.PENDING, null);
        journal.state(orderId, SagaState.RUNNING, step, null);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderRejected event) {
        order = Order.REJECTED;
        if (compensating) {
            journal.step(orderId, SagaStep.REJECT_ORDER, StepStatus.DONE, event.reason());
            settleIfUndone();
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderCancelled event) {
        boolean wasCompensating = compensating;
        order = Order.CANCELLED;
        if (!wasCompensating) {
            if (step == SagaStep.AWAIT_SHIPMENT) {
                journal.step(orderId, SagaStep.CONFIRM_ORDER, StepStatus.COMPENSATED, "order cancelled");
            }
            journal.step(orderId, step, StepStatus.SKIPPED, "order cancelled");
            compensate(OrderRejectionReason.CANCELLED, "order cancelled (was " + event.previousStatus() + ")");
        } else {
            journal.step(orderId, SagaStep.REJECT_ORDER, StepStatus.DONE, "cancelled");
            settleIfUndone();
        }
    }

    // ---- AWAIT_SHIPMENT, then COMMIT_STOCK: no compensation after shipping

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(OrderShipped event) {
        if (compensating || order != Order.CONFIRMED) {
            return;
        }
        order = Order.SHIPPED;
        finish(SagaStep.AWAIT_SHIPMENT, StepStatus.DONE, "shipped");
        begin(SagaStep.COMMIT_STOCK, timeouts.commitStock(), null);
        lines.replaceAll((product, line) -> Line.COMMITTING);
        lines.keySet().forEach(product -> commands.send(new CommitStockReservation(new ProductId(product), orderId)));
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(StockReservationCommitted event) {
        UUID product = event.productId().value();
        if (lines.get(product) != Line.COMMITTING) {
            return;
        }
        lines.put(product, Line.COMMITTED);
        if (lines.values().stream().allMatch(line -> line == Line.COMMITTED)) {
            disarm();
            finish(SagaStep.COMMIT_STOCK, StepStatus.DONE, null);
            journal.state(orderId, SagaState.COMPLETED, SagaStep.COMMIT_STOCK, null);
            SagaLifecycle.end();
        }
    }

    // ---- deadlines and operator requests

    @DeadlineHandler(deadlineName = STEP_TIMEOUT)
    void on(StepTimeout timeout) {
        boolean scheduled = timeout.at() == null
                ? deadlineAt == null && timeout.step().equals(deadlineFor) // armed before deadlines were shared
                : timeout.at().equals(deadlineAt);
        if (!scheduled) {
            return; // a deadline that was cancelled while it fired
        }
        deadlineId = null;
        deadlineAt = null;
        if (deadlineFor == null) {
            return; // nothing waits any more
        }
        if (dueAt != null && timeout.at() != null && timeout.at().isBefore(dueAt)) {
            schedule(dueAt); // armed for an earlier wait: the running one is due later
            return;
        }
        if (compensating) {
            endWait();
            resendCompensation();
            arm(COMPENSATION, timeouts.resendAfter(timeouts.compensation(), ++resends));
        } else if (step == SagaStep.COMMIT_STOCK) {
            endWait();
            resendCurrentStep();
            arm(step.name(), timeouts.resendAfter(timeouts.commitStock(), ++resends));
        } else {
            long storedWhenDue = timeout.storedUpTo() != null ? timeout.storedUpTo() : progress.storedUpTo();
            if (!progress.handledUpTo(storedWhenDue)) {
                waitForTheProcessor(storedWhenDue, timeout.waited());
                return;
            }
            endWait();
            String detail = "no answer within " + timeoutOf(step);
            finish(step, StepStatus.FAILED, detail);
            compensate(OrderRejectionReason.TIMEOUT, step + ": " + detail);
        }
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(SagaRetryRequested request) {
        journal.recovered(orderId);
        resends = 0;
        if (compensating) {
            resendCompensation();
            arm(COMPENSATION, timeouts.compensation());
            journal.state(orderId, SagaState.COMPENSATING, step, null);
            return;
        }
        resendCurrentStep();
        if (step != SagaStep.AWAIT_SHIPMENT) {
            arm(step.name(), timeoutOf(step));
        }
        journal.state(orderId, SagaState.RUNNING, step, null);
    }

    @SagaEventHandler(associationProperty = ORDER_ID)
    void on(SagaCompensationRequested request) {
        journal.recovered(orderId);
        resends = 0;
        if (compensating) {
            resendCompensation();
            arm(COMPENSATION, timeouts.compensation());
            journal.state(orderId, SagaState.COMPENSATING, step, null);
            return;
        }
        if (order == Order.SHIPPED) {
            return; // shipped goods cannot be undone; the controller refuses this, a late request changes nothing
        }
        journal.step(orderId, step, StepStatus.FAILED, "compensation forced by an operator");
        compensate(OrderRejectionReason.COMPENSATED_BY_OPERATOR, "compensation forced by an operator");
    }

    // ---- compensation

    private void compensate(OrderRejectionReason why, String detail) {
        compensating = true;
        reason = why.name();
        resends = 0;
        endWait();
        journal.state(orderId, SagaState.COMPENSATING, step, detail);
        // In reverse: the payment, the stock, the order.
        switch (charge) {
            case CHARGED -> refund();
            case REQUESTED -> journal.step(orderId, SagaStep.REFUND_PAYMENT, StepStatus.PENDING,
                                           "waiting for the charge's answer");
            default -> journal.step(orderId, SagaStep.REFUND_PAYMENT, StepStatus.SKIPPED, "nothing charged");
        }
        lines.forEach((product, line) -> {
            if (line == Line.RESERVED) {
                release(product);
            }
        });
        if (lines.values().stream().noneMatch(line -> line == Line.RELEASING || line == Line.REQUESTED)) {
            journal.step(orderId, SagaStep.RELEASE_STOCK, StepStatus.SKIPPED, "nothing reserved");
        }
        switch (order) {
            case PENDING, CONFIRM_REQUESTED -> reject();
            case CONFIRMED -> cancelConfirmedOrder();
            default -> journal.step(orderId, SagaStep.REJECT_ORDER, StepStatus.SKIPPED, "order cancelled already");
        }
        arm(COMPENSATION, timeouts.compensation());
        settleIfUndone();
    }

    private void refund() {
        charge = Charge.REFUNDING;
        journal.step(orderId, SagaStep.REFUND_PAYMENT, StepStatus.PENDING, total.toString());
        commands.send(new RefundOrder(new UserId(customerId), orderId));
    }

    private void release(UUID product) {
        lines.put(product, Line.RELEASING);
        journal.step(orderId, SagaStep.RELEASE_STOCK, StepStatus.PENDING, null);
        commands.send(new ReleaseStockReservation(new ProductId(product), orderId));
    }

    private void reject() {
        order = Order.REJECT_REQUESTED;
        journal.step(orderId, SagaStep.REJECT_ORDER, StepStatus.PENDING, reason);
        commands.send(new RejectOrder(new OrderId(orderId), reason));
    }

    private void cancelConfirmedOrder() {
        order = Order.CANCEL_REQUESTED;
        journal.step(orderId, SagaStep.REJECT_ORDER, StepStatus.PENDING, "cancelling the confirmed order");
        commands.send(new CancelOrder(new OrderId(orderId), reason, null));
    }

    /** Ends the saga once nothing is waiting for an answer and nothing is left reserved, charged or open. */
    private void settleIfUndone() {
        boolean stockOpen = lines.values().stream()
                                 .anyMatch(l -> l == Line.REQUESTED || l == Line.RESERVED || l == Line.RELEASING);
        boolean moneyOpen = charge == Charge.REQUESTED || charge == Charge.CHARGED || charge == Charge.REFUNDING;
        boolean orderOpen = order != Order.REJECTED && order != Order.CANCELLED;
        if (!stockOpen && lines.containsValue(Line.RELEASED)) {
            journal.step(orderId, SagaStep.RELEASE_STOCK, StepStatus.DONE, null);
            journal.step(orderId, SagaStep.RESERVE_STOCK, StepStatus.COMPENSATED, null);
        }
        if (!moneyOpen && charge == Charge.REFUNDED) {
            journal.step(orderId, SagaStep.REFUND_PAYMENT, StepStatus.DONE, null);
            journal.step(orderId, SagaStep.CHARGE_PAYMENT, StepStatus.COMPENSATED, null);
        } else if (!moneyOpen) {
            journal.step(orderId, SagaStep.REFUND_PAYMENT, StepStatus.SKIPPED, "nothing charged");
        }
        if (stockOpen || moneyOpen || orderOpen) {
            return;
        }
        disarm();
        journal.state(orderId, SagaState.COMPENSATED, step, null);
        SagaLifecycle.end();
    }

    private void resendCompensation() {
        lines.forEach((product, line) -> {
            switch (line) {
                // A reservation that never answered: asking again forces an answer (the product answers once).
                case REQUESTED -> commands.send(new ReserveStock(new ProductId(product), orderId,
                                                                 quantities.get(product)));
                case RESERVED, RELEASING -> release(product);
                default -> {
                }
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
            default -> {
            }
        }
    }

    private void resendCurrentStep() {
        switch (step) {
            case RESERVE_STOCK -> lines.forEach((product, line) -> {
                if (line == Line.REQUESTED) {
                    commands.send(new ReserveStock(new ProductId(product), orderId, quantities.get(product)));
                }
            });
            // A handler that threw half-way may have entered the step without asking: ask now.
            case CHARGE_PAYMENT -> {
                if (charge == Charge.NONE) {
                    charge = Charge.REQUESTED;
                }
                if (charge == Charge.REQUESTED) {
                    commands.send(new ChargeForOrder(new UserId(customerId), orderId, total));
                }
            }
            case CONFIRM_ORDER -> {
                if (order == Order.PENDING) {
                    order = Order.CONFIRM_REQUESTED;
                }
                if (order == Order.CONFIRM_REQUESTED) {
                    commands.send(new ConfirmOrder(new OrderId(orderId)));
                }
            }
            case COMMIT_STOCK -> lines.forEach((product, line) -> {
                if (line == Line.COMMITTING) {
                    commands.send(new CommitStockReservation(new ProductId(product), orderId));
                }
            });
            default -> {
            }
        }
    }

    // ---- steps and deadlines

    private void begin(SagaStep next, Duration timeout, String detail) {
        step = next;
        resends = 0;
        journal.step(orderId, next, StepStatus.PENDING, detail);
        journal.state(orderId, SagaState.RUNNING, next, null);
        arm(next.name(), timeout);
    }

    private void finish(SagaStep finished, StepStatus status, String detail) {
        if (finished.name().equals(deadlineFor)) {
            endWait();
        }
        journal.step(orderId, finished, status, detail);
    }

    /** Starts a wait due after {@code timeout}; a deadline already scheduled to fire no later serves it too. */
    private void arm(String name, Duration timeout) {
        endWait();
        deadlineFor = name;
        dueAt = timeouts.now().plus(timeout);
        journal.deadline(orderId, name, timeout);
        if (deadlineId != null && deadlineAt != null && !deadlineAt.isAfter(dueAt)) {
            return; // it fires first and then schedules itself again for the rest (the deadline handler)
        }
        cancelScheduled();
        schedule(dueAt);
    }

    /** Ends the running wait; the scheduled deadline stays for the next one unless {@link #disarm()} cancels it. */
    private void endWait() {
        if (deadlineFor != null) {
            journal.deadlineCleared(orderId, deadlineFor);
            deadlineFor = null;
            dueAt = null;
        }
    }

    /** Nothing waits any more: the wait ends and the scheduled deadline is cancelled. */
    private void disarm() {
        endWait();
        cancelScheduled();
    }

    /**
     * The running step is due, but the saga processor has not yet handled every event stored when it fell due, and
     * its answer may be among them: the deadline fires again a little later (the wait goes on) instead of giving up.
     */
    private void waitForTheProcessor(long storedWhenDue, int waited) {
        Instant at = timeouts.now().plus(SagaTimeouts.catchUpAfter(waited));
        deadlineId = deadlines.schedule(at, STEP_TIMEOUT, new StepTimeout(deadlineFor, at, storedWhenDue, waited + 1));
        deadlineAt = at;
    }

    private void schedule(Instant at) {
        deadlineId = deadlines.schedule(at, STEP_TIMEOUT, new StepTimeout(deadlineFor, at));
        deadlineAt = at;
    }

    private void cancelScheduled() {
        if (deadlineId != null) {
            deadlines.cancelSchedule(STEP_TIMEOUT, deadlineId);
            deadlineId = null;
            deadlineAt = null;
        }
    }

    private Duration timeoutOf(SagaStep waiting) {
        return switch (waiting) {
            case RESERVE_STOCK -> timeouts.reserveStock();
            case CHARGE_PAYMENT -> timeouts.chargePayment();
            case CONFIRM_ORDER -> timeouts.confirmOrder();
            case COMMIT_STOCK -> timeouts.commitStock();
            default -> timeouts.compensation();
        };
    }

    private static String sagaId() {
        return ((SagaScopeDescriptor) Scope.describeCurrentScope()).getIdentifier().toString();
    }
}
