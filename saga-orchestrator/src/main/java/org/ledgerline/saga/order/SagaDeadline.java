package org.ledgerline.saga.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.deadline.DeadlineManager;

/**
 * The order saga's waits and its one scheduled deadline, which they share.
 *
 * <p>Each wait has its own due time, set when it starts, and its own journal entry. A wait that starts while a
 * deadline is still scheduled to fire no later keeps that deadline instead of cancelling it and scheduling its own;
 * when it fires before the running wait is due it is scheduled again for that due time. The happy path so schedules
 * one deadline and cancels it once, instead of one schedule and one cancel per step (each a database write of the
 * deadline manager).
 *
 * <p>Part of the saga's stored state: its fields are stored inline with the saga's ({@code @JsonUnwrapped} in
 * {@link OrderSaga}), under the names sagas in flight were stored with; do not rename them.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class SagaDeadline {

    /** What a deadline that fired asks of the saga. */
    enum Firing {
        /** Not the deadline the saga has scheduled (cancelled while it fired), or nothing waits any more. */
        NOTHING,
        /** Scheduled for an earlier wait; it is scheduled again for the running one. */
        NOT_YET,
        /** The running wait is due. */
        DUE
    }

    /** What the deadline needs to schedule, cancel and write down: the saga's resources, not its state. */
    record Means(UUID orderId, DeadlineManager manager, SagaJournal journal, SagaTimeouts timeouts) {}

    /** The saga's one scheduled deadline (the deadline manager's id) and when it fires; null: none scheduled. */
    private String deadlineId;

    private Instant deadlineAt;
    /** The wait that is running and when it is due; null: nothing waits. */
    private String deadlineFor;

    private Instant dueAt;
    /** How often the running wait sent its commands again: the back-off of the next time. */
    private int resends;

    /** Whether {@code wait} is the one running. */
    boolean waitsFor(String wait) {
        return wait.equals(deadlineFor);
    }

    /** The commands of the running wait are sent afresh: the next re-send waits the first wait again. */
    void resetResends() {
        resends = 0;
    }

    /** The wait before the running one's commands are sent again, after its {@code first}: doubled each time. */
    Duration nextResend(Means means, Duration first) {
        return means.timeouts().resendAfter(first, ++resends);
    }

    /** Starts a wait due after {@code timeout}; a deadline already scheduled to fire no later serves it too. */
    void arm(Means means, String wait, Duration timeout) {
        endWait(means);
        deadlineFor = wait;
        dueAt = means.timeouts().now().plus(timeout);
        means.journal().deadline(means.orderId(), wait, timeout);
        if (deadlineId != null && deadlineAt != null && !deadlineAt.isAfter(dueAt)) {
            return; // it fires first and then schedules itself again for the rest (see fired)
        }
        cancelScheduled(means);
        schedule(means, dueAt);
    }

    /** Ends the running wait; the scheduled deadline stays for the next one unless {@link #disarm} cancels it. */
    void endWait(Means means) {
        if (deadlineFor != null) {
            means.journal().deadlineCleared(means.orderId(), deadlineFor);
            deadlineFor = null;
            dueAt = null;
        }
    }

    /** Nothing waits any more: the wait ends and the scheduled deadline is cancelled. */
    void disarm(Means means) {
        endWait(means);
        cancelScheduled(means);
    }

    /** A deadline fired: whether it is the saga's, and whether the running wait is due. */
    Firing fired(Means means, StepTimeout timeout) {
        boolean scheduled = timeout.at() == null
                ? deadlineAt == null && timeout.step().equals(deadlineFor) // armed before deadlines were shared
                : timeout.at().equals(deadlineAt);
        if (!scheduled) {
            return Firing.NOTHING; // a deadline that was cancelled while it fired
        }
        deadlineId = null;
        deadlineAt = null;
        if (deadlineFor == null) {
            return Firing.NOTHING;
        }
        if (dueAt != null && timeout.at() != null && timeout.at().isBefore(dueAt)) {
            schedule(means, dueAt);
            return Firing.NOT_YET;
        }
        return Firing.DUE;
    }

    /**
     * The running wait is due, but the saga processor has not yet handled every event stored when it fell due, and
     * its answer may be among them: the deadline fires again a little later (the wait goes on) instead of giving up.
     */
    void waitForTheProcessor(Means means, long storedWhenDue, int waited) {
        Instant at = means.timeouts().now().plus(SagaTimeouts.catchUpAfter(waited));
        deadlineId = means.manager()
                .schedule(at, OrderSaga.STEP_TIMEOUT, new StepTimeout(deadlineFor, at, storedWhenDue, waited + 1));
        deadlineAt = at;
    }

    private void schedule(Means means, Instant at) {
        deadlineId = means.manager().schedule(at, OrderSaga.STEP_TIMEOUT, new StepTimeout(deadlineFor, at));
        deadlineAt = at;
    }

    private void cancelScheduled(Means means) {
        if (deadlineId != null) {
            means.manager().cancelSchedule(OrderSaga.STEP_TIMEOUT, deadlineId);
            deadlineId = null;
            deadlineAt = null;
        }
    }
}
