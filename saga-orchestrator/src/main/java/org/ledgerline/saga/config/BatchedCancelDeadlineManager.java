package org.ledgerline.saga.config;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.DSLContext;

/**
 * Axon's db-scheduler deadline manager, with cheaper cancels. db-scheduler cancels with a read and then a delete
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

    private final DSLContext sql;

    BatchedCancelDeadlineManager(Builder builder, DSLContext sql) {
        super(builder);
        this.sql = sql;
    }

    @Override
    public String schedule(
            Instant triggerDateTime, String deadlineName, Object messageOrPayload, ScopeDescriptor deadlineScope) {
        String id = super.schedule(triggerDateTime, deadlineName, messageOrPayload, deadlineScope);
        UnitOfWork<?> root = openUnitOfWork();
        if (root != null) {
            root.<Set<String>>getOrComputeResource(SCHEDULED, key -> new HashSet<>())
                    .add(id);
        }
        return id;
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
