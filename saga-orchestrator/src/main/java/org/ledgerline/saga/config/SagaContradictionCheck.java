package org.ledgerline.saga.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ledgerline.saga.journal.SagaContradictions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the saga's consistency check every {@code ledgerline.saga.consistency-check-interval} (0 turns it off), on a
 * thread of its own, a bounded number of sagas a pass. Every node may run it: a pass only records what it finds.
 */
class SagaContradictionCheck implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SagaContradictionCheck.class);
    private static final int SAGAS_PER_PASS = 500;

    private final SagaContradictions contradictions;
    private final Duration interval;
    private ScheduledExecutorService executor;

    SagaContradictionCheck(SagaContradictions contradictions, Duration interval) {
        this.contradictions = contradictions;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("saga-consistency").daemon(true).factory());
        executor.scheduleWithFixedDelay(this::pass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pass() {
        try {
            contradictions.check(SAGAS_PER_PASS);
        } catch (RuntimeException e) {
            // The next pass tries again; a failing check must not end the schedule.
            log.warn("The saga's consistency check failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
