package org.ledgerline.saga.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.Span;
import org.jooq.DSLContext;

/**
 * Axon's db-scheduler deadline manager, with cheaper schedules and cancels. A schedule is one insert, without
 * db-scheduler's read before it ({@link #schedule}). db-scheduler cancels with a read and then a delete
 * (two round trips) and every step change of the saga cancels one deadline; here the cancels of a unit of work are
 * one JDBC batch when it prepares its commit, in its transaction, as Axon's own cancel would be.
 *
 * <p>The delete skips a deadline that db-scheduler is executing at that moment; db-scheduler's cancel would throw
 * and roll the saga's progress back. The saga ignores a deadline that is no longer the one it armed (it forgets
 * the deadline when it cancels it), so the progress is kept and the late deadline does nothing. A deadline
 * scheduled in the same unit of work is cancelled Axon's way, after its insert.
 */
class BatchedCancelDeadlineManager extends DbSchedulerDeadlineManager {

    private static final String DELETE =
            "delete from scheduled_tasks where task_name = ? and task_instance = ? and picked = false";
    private static final String CANCELS = BatchedCancelDeadlineManager.class.getName() + ".cancels";
    private static final String SCHEDULED = BatchedCancelDeadlineManager.class.getName() + ".scheduled";

    /** Axon's binary deadline task (its default, {@code useBinaryPojo}), as {@code DbSchedulerDeadlineManager} names it. */
    private static final TaskDescriptor<DbSchedulerBinaryDeadlineDetails> TASK =
            TaskDescriptor.of(new DbSchedulerDeadlineToken("").getTaskName(), DbSchedulerBinaryDeadlineDetails.class);

    private final DSLContext sql;
    private final Scheduler scheduler;
    private final Serializer serializer;
    private final DeadlineManagerSpanFactory spanFactory;

    /** {@code builder} must be given the same scheduler, serializer and span factory, and binary task data. */
    BatchedCancelDeadlineManager(
            Builder builder,
            DSLContext sql,
            Scheduler scheduler,
            Serializer serializer,
            DeadlineManagerSpanFactory spanFactory) {
        super(builder.useBinaryPojo(true));
        this.sql = sql;
        this.scheduler = scheduler;
        this.serializer = serializer;
        this.spanFactory = spanFactory;
    }

    /**
     * Axon's schedule (the same task, data and span, at prepare-commit, dispatch interceptors applied), with
     * db-scheduler's insert without its read: Axon's {@code Scheduler.schedule} asks whether the task instance exists
     * before it inserts it, and the instance's id is a new random UUID, so the answer is always no.
     * {@code scheduleBatch} is db-scheduler's plain insert.
     */
    @Override
    public String schedule(
            Instant triggerDateTime, String deadlineName, Object messageOrPayload, ScopeDescriptor deadlineScope) {
        DeadlineMessage<Object> message =
                GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime);
        String id = IdentifierFactory.getInstance().generateIdentifier();
        Span span = spanFactory.createScheduleSpan(deadlineName, id, message);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> {
            DeadlineMessage<Object> intercepted = processDispatchInterceptors(message);
            DbSchedulerBinaryDeadlineDetails details = details(deadlineName, deadlineScope, intercepted);
            TaskInstance<?> instance = TASK.instance(id).data(details).build();
            scheduler.scheduleBatch(List.of(instance), triggerDateTime);
        }));
        UnitOfWork<?> root = openUnitOfWork();
        if (root != null) {
            root.<Set<String>>getOrComputeResource(SCHEDULED, key -> new HashSet<>())
                    .add(id);
        }
        return id;
    }

    /** The task data, as Axon's {@code DbSchedulerBinaryDeadlineDetails.serialized} (package-private) makes it. */
    private DbSchedulerBinaryDeadlineDetails details(
            String deadlineName, ScopeDescriptor scope, DeadlineMessage<Object> message) {
        SerializedObject<byte[]> serializedScope = serializer.serialize(scope, byte[].class);
        SerializedObject<byte[]> payload = serializer.serialize(message.getPayload(), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(message.getMetaData(), byte[].class);
        return new DbSchedulerBinaryDeadlineDetails(
                deadlineName,
                serializedScope.getData(),
                serializedScope.getType().getName(),
                payload.getData(),
                payload.getType().getName(),
                payload.getType().getRevision(),
                metaData.getData());
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        UnitOfWork<?> root = openUnitOfWork();
        if (root == null
                || root.<Set<String>>getOrDefaultResource(SCHEDULED, Set.of()).contains(scheduleId)) {
            super.cancelSchedule(deadlineName, scheduleId);
            return;
        }
        root.<List<String>>getOrComputeResource(CANCELS, key -> {
                    List<String> ids = new ArrayList<>();
                    root.onPrepareCommit(unitOfWork -> delete(ids));
                    return ids;
                })
                .add(scheduleId);
    }

    private void delete(List<String> ids) {
        String taskName = new DbSchedulerDeadlineToken("").getTaskName();
        sql.connection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                for (String id : ids) {
                    delete.setString(1, taskName);
                    delete.setString(2, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        });
    }

    /** The root unit of work if it still runs its handlers, else null (then Axon's cancel does it at once). */
    private static UnitOfWork<?> openUnitOfWork() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.phase() == UnitOfWork.Phase.STARTED ? root : null;
    }
}
