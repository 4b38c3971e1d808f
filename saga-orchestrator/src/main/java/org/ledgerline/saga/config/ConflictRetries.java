package org.ledgerline.saga.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * When the saga's command lost a race for its aggregate — another node appended to the same product or account
 * first, so the append failed on the stream's sequence (Axon's {@link ConcurrencyException}) — it is sent again after
 * 10, 20, 40 … ms (Axon's exponential back-off, at most {@value #MAX_RETRIES} times), instead of waiting for the
 * step's deadline (30 s by default). Nothing else is retried: a refusal is the answer the saga acts on. The retried
 * command is the same command; the lost attempt's transaction rolled back, and every saga command is idempotent per
 * order anyway. On one node the aggregate lock serialises commands of one aggregate, so this only fires with several.
 */
final class ConflictRetries implements RetryScheduler, AutoCloseable {

    static final int MAX_RETRIES = 6;
    private static final long BACKOFF_MILLIS = 10;

    private final ScheduledExecutorService executor;
    private final RetryScheduler scheduler;
    private final Counter retries;

    ConflictRetries(MeterRegistry meters) {
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("saga-command-retry").daemon(true).factory());
        this.scheduler = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(executor)
                .backoffFactor(BACKOFF_MILLIS)
                .maxRetryCount(MAX_RETRIES)
                // Axon tests each cause in the chain: "non-transient" unless the chain below it holds a conflict.
                .nonTransientFailurePredicate(failure -> !isConflict(failure))
                .build();
        this.retries = Counter.builder("ledgerline.saga.command.retries")
                .description("Saga commands sent again because another writer appended to their aggregate first")
                .register(meters);
    }

    /** Whether {@code failure} or one of its causes is a lost race for the aggregate's next sequence number. */
    static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean scheduleRetry(
            CommandMessage commandMessage,
            RuntimeException lastFailure,
            List<Class<? extends Throwable>[]> failures,
            Runnable commandDispatch) {
        boolean scheduled = scheduler.scheduleRetry(commandMessage, lastFailure, failures, commandDispatch);
        if (scheduled) {
            retries.increment();
        }
        return scheduled;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
