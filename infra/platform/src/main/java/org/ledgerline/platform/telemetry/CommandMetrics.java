package org.ledgerline.platform.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code ledgerline.commands}: the time from handling a command to its commit or rollback, by command type and
 * outcome ({@code success}; {@code rejected} — the command broke a rule; {@code conflict} — a concurrent change;
 * {@code error} — anything else, also a command rolled back with the request's transaction after its unit of work
 * committed), with a histogram for percentiles in Prometheus.
 */
class CommandMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final MeterRegistry meters;

    CommandMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        long started = System.nanoTime();
        String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
        unitOfWork.afterCommit(u -> {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                // The unit of work joined a longer transaction (a command request with an Idempotency-Key, ADR 0011),
                // which can still roll back: the command's outcome is that transaction's.
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        record(command, status == STATUS_COMMITTED ? "success" : "error", started);
                    }
                });
            } else {
                record(command, "success", started);
            }
        });
        unitOfWork.onRollback(
                u -> record(command, outcome(u.getExecutionResult().getExceptionResult()), started));
        return chain.proceed();
    }

    static String outcome(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            if (cause instanceof InvalidCommandException
                    || cause instanceof IllegalTransitionException
                    || cause instanceof AlreadyTakenException
                    || cause instanceof AggregateNotFoundException) {
                return "rejected";
            }
            if (cause instanceof ConflictingModificationException || cause instanceof ConcurrencyException) {
                return "conflict";
            }
        }
        return "error";
    }

    private void record(String command, String outcome, long started) {
        Timer.builder("ledgerline.commands")
                .description("Command handling, from the handler's start to commit or rollback")
                .tag("command", command)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}
