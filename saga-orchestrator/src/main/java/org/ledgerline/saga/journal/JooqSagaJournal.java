package org.ledgerline.saga.journal;

import static org.ledgerline.saga.jooq.Tables.SAGA_DEADLINES;
import static org.ledgerline.saga.jooq.Tables.SAGA_INSTANCES;
import static org.ledgerline.saga.jooq.Tables.SAGA_STEPS;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.api.StepStatus;
import org.ledgerline.saga.order.SagaJournal;

/**
 * Writes the saga read model with jOOQ on the caller's transaction: the saga processor's (or the deadline's) unit
 * of work, which also stores the saga's state. Each finished step is a span (from its start to its outcome, with
 * {@code ledgerline.order.id}) and a timer sample.
 */
public class JooqSagaJournal implements SagaJournal {

    private static final int MAX_TEXT = 1000;

    private final DSLContext sql;
    private final Clock clock;
    private final SagaMetrics metrics;
    private final SagaChanges changes;
    private final Tracer tracer;

    public JooqSagaJournal(DSLContext sql, Clock clock, SagaMetrics metrics, SagaChanges changes, Tracer tracer) {
        this.sql = sql;
        this.clock = clock;
        this.metrics = metrics;
        this.changes = changes;
        this.tracer = tracer;
    }

    @Override
    public void started(String sagaId, UUID orderId, UUID customerId) {
        OffsetDateTime now = now();
        sql.insertInto(SAGA_INSTANCES)
           .set(SAGA_INSTANCES.ORDER_ID, orderId)
           .set(SAGA_INSTANCES.SAGA_ID, sagaId)
           .set(SAGA_INSTANCES.CUSTOMER_ID, customerId)
           .set(SAGA_INSTANCES.STATE, SagaState.RUNNING.name())
           .set(SAGA_INSTANCES.STARTED_AT, now)
           .set(SAGA_INSTANCES.UPDATED_AT, now)
           .onConflictDoNothing()
           .execute();
        changes.changed(orderId);
    }

    @Override
    public void step(UUID orderId, SagaStep step, StepStatus status, String detail) {
        OffsetDateTime now = now();
        // One round trip: insert the step, or move it to a new status (a repeat of its status changes nothing).
        Record1<OffsetDateTime> changed = sql.insertInto(SAGA_STEPS)
                                             .set(SAGA_STEPS.ORDER_ID, orderId)
                                             .set(SAGA_STEPS.NAME, step.name())
                                             .set(SAGA_STEPS.STATUS, status.name())
                                             .set(SAGA_STEPS.STARTED_AT, now)
                                             .set(SAGA_STEPS.AT, now)
                                             .set(SAGA_STEPS.DETAIL, clip(detail))
                                             .set(SAGA_STEPS.COMPENSATION, step.compensation())
                                             .onConflict(SAGA_STEPS.ORDER_ID, SAGA_STEPS.NAME)
                                             .doUpdate()
                                             .set(SAGA_STEPS.STATUS, status.name())
                                             .set(SAGA_STEPS.AT, now)
                                             .set(SAGA_STEPS.DETAIL, detail == null ? SAGA_STEPS.DETAIL
                                                                                    : DSL.val(clip(detail)))
                                             .where(SAGA_STEPS.STATUS.ne(status.name()))
                                             .returningResult(SAGA_STEPS.STARTED_AT)
                                             .fetchOne();
        if (changed == null) {
            return;
        }
        touch(orderId, now);
        if (status != StepStatus.PENDING) {
            OffsetDateTime startedAt = changed.value1();
            metrics.stepFinished(step, status, Duration.between(startedAt, now));
            Span span = tracer.spanBuilder("saga " + step.name())
                              .setStartTimestamp(startedAt.toInstant())
                              .setAttribute("ledgerline.order.id", orderId.toString())
                              .setAttribute("ledgerline.saga.step", step.name())
                              .setAttribute("ledgerline.saga.step.status", status.name())
                              .startSpan();
            span.end(now.toInstant());
        }
    }

    @Override
    public void state(UUID orderId, SagaState state, SagaStep currentStep, String error) {
        var update = sql.update(SAGA_INSTANCES)
                        .set(SAGA_INSTANCES.STATE, state.name())
                        .set(SAGA_INSTANCES.CURRENT_STEP, currentStep == null ? null : currentStep.name())
                        .set(SAGA_INSTANCES.UPDATED_AT, now());
        if (error != null) {
            update = update.set(SAGA_INSTANCES.LAST_ERROR, clip(error));
        }
        update.where(SAGA_INSTANCES.ORDER_ID.eq(orderId)).execute();
        if (state == SagaState.COMPENSATING && error != null) {
            // Only the start of a compensation names its cause; later COMPENSATING updates (retries) do not.
            metrics.compensationStarted();
        }
        changes.changed(orderId);
    }

    @Override
    public void deadline(UUID orderId, String name, Duration dueIn) {
        OffsetDateTime due = now().plus(dueIn);
        sql.insertInto(SAGA_DEADLINES)
           .set(SAGA_DEADLINES.ORDER_ID, orderId)
           .set(SAGA_DEADLINES.NAME, name)
           .set(SAGA_DEADLINES.DUE_AT, due)
           .onConflict(SAGA_DEADLINES.ORDER_ID, SAGA_DEADLINES.NAME)
           .doUpdate().set(SAGA_DEADLINES.DUE_AT, due)
           .execute();
    }

    @Override
    public void deadlineCleared(UUID orderId, String name) {
        sql.deleteFrom(SAGA_DEADLINES)
           .where(SAGA_DEADLINES.ORDER_ID.eq(orderId), SAGA_DEADLINES.NAME.eq(name))
           .execute();
    }

    @Override
    public void recovered(UUID orderId) {
        sql.update(SAGA_INSTANCES)
           .set(SAGA_INSTANCES.FAILED, false)
           .setNull(SAGA_INSTANCES.FAILURE_EVENT_TYPE)
           .setNull(SAGA_INSTANCES.FAILURE_AT)
           .setNull(SAGA_INSTANCES.FAILURE_ERROR)
           .setNull(SAGA_INSTANCES.FAILURE_PAYLOAD)
           .setNull(SAGA_INSTANCES.FAILURE_PAYLOAD_TYPE)
           .setNull(SAGA_INSTANCES.FAILURE_MESSAGE_ID)
           .setNull(SAGA_INSTANCES.FAILURE_TIMESTAMP)
           .set(SAGA_INSTANCES.UPDATED_AT, now())
           .where(SAGA_INSTANCES.ORDER_ID.eq(orderId))
           .execute();
        changes.changed(orderId);
    }

    private void touch(UUID orderId, OffsetDateTime now) {
        sql.update(SAGA_INSTANCES).set(SAGA_INSTANCES.UPDATED_AT, now)
           .where(SAGA_INSTANCES.ORDER_ID.eq(orderId)).execute();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
