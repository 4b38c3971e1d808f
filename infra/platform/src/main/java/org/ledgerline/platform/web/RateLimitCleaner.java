package org.ledgerline.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ReflectionUtils;

/**
 * Keeps the rate-limit tables bounded: deletes expired buckets (Bucket4j's {@code DELETE ... FOR UPDATE SKIP
 * LOCKED}, so nodes cleaning at once do not wait on each other or on a bucket in use) and forgotten sign-in failures.
 */
class RateLimitCleaner implements SchedulingConfigurer {

    private static final int BATCH = 1000;
    private static final int MAX_BATCHES = 100;
    private static final Logger log = LoggerFactory.getLogger(RateLimitCleaner.class);

    private final RateLimits limits;
    private final SignInFailures failures;
    private final Duration failureMemory;
    private final Duration interval;
    private final MeterRegistry meters;

    RateLimitCleaner(
            RateLimits limits,
            SignInFailures failures,
            Duration failureMemory,
            Duration interval,
            MeterRegistry meters) {
        this.limits = limits;
        this.failures = failures;
        this.failureMemory = failureMemory;
        this.interval = interval;
        this.meters = meters;
    }

    /** Every {@code ledgerline.rate-limit.cleanup-interval}, the first time one interval after start. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        // Spring's runnable for scheduled methods: the task is named as @Scheduled names it (RateLimitIT finds it).
        registrar.addFixedDelayTask(new FixedDelayTask(
                new ScheduledMethodRunnable(this, ReflectionUtils.findMethod(RateLimitCleaner.class, "clean")),
                interval,
                interval));
    }

    void clean() {
        try {
            int removed = 0;
            for (int i = 0; i < MAX_BATCHES; i++) {
                int batch = limits.removeExpired(BATCH);
                removed += batch;
                if (batch < BATCH) {
                    break;
                }
            }
            removed += failures.forget(failureMemory);
            meters.counter("ledgerline.rate_limit.cleaned").increment(removed);
        } catch (RuntimeException e) {
            log.warn("Rate-limit rows not cleaned up, next try in the next interval: {}", e.toString());
        }
    }
}
