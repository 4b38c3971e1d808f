package org.ledgerline.saga.config;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.ledgerline.saga.order.SagaTimeouts;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's db-scheduler task for deadlines, retried sooner when it fails. A deadline whose handler throws (a lock wait
 * that ended in a deadlock, a lost connection) rolls back and is kept by db-scheduler, never lost; Axon's task
 * leaves it to db-scheduler's default of one retry every 5 minutes, which would hold a step's timeout or a
 * compensation back that long. Here it is retried after 1 s, doubled each time up to 1 minute. Replaces the task
 * Axon's {@code AxonDbSchedulerAutoConfiguration} would register under the same qualifier.
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineRetryConfiguration {

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration RETRY_CAP = Duration.ofMinutes(1);

    @Bean
    @Qualifier("deadlineDetailsTask") Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context) {
        Task<DbSchedulerBinaryDeadlineDetails> axons =
                DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class));
        return new Tasks.OneTimeTaskBuilder<>(axons.getName(), DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(new CappedBackoff<>())
                .execute((instance, execution) -> axons.execute(instance, execution));
    }

    /** Retries a failed execution after {@link #FIRST_RETRY}, doubled per earlier failure, up to {@link #RETRY_CAP}. */
    static final class CappedBackoff<T> implements FailureHandler<T> {

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
            Duration delay = delay(complete.getExecution().consecutiveFailures);
            operations.reschedule(complete, complete.getTimeDone().plus(delay));
        }

        static Duration delay(int failuresBefore) {
            return SagaTimeouts.doubled(FIRST_RETRY, failuresBefore, RETRY_CAP);
        }
    }
}
