package org.ledgerline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** The two ways of offering load: closed loop (as fast as N callers go) and open loop (a fixed rate). */
final class Loads {

    /** One synchronous call; false (or an exception) counts as an error. */
    interface Call {
        boolean call() throws Exception;
    }

    /** Starts one call; the future completes when the outcome is known. */
    interface AsyncCall {
        CompletableFuture<Boolean> start();
    }

    /** {@code usage}: the machine's CPU, CPU per call and this JVM's GC during the window ({@link Usage}). */
    record Result(long completed, long errors, double seconds, Histogram latency, String usage) {

        double perSecond() {
            return completed / seconds;
        }

        double ms(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private Loads() {}

    /** N callers, each sending the next call when the last one answered; latency per call. */
    static Result closed(int callers, Duration duration, Call call) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        Usage usage = Usage.start();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                counts.add(pool.submit(() -> {
                    long done = 0;
                    while (System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        boolean ok;
                        try {
                            ok = call.call();
                        } catch (Exception e) {
                            ok = false;
                        }
                        recorder.recordValue(System.nanoTime() - sent);
                        if (ok) {
                            done++;
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    return done;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return new Result(
                    total,
                    errors.get(),
                    (System.nanoTime() - start) / 1e9,
                    recorder.getIntervalHistogram(),
                    usage.describe(total + errors.get()));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Calls at a fixed rate whatever the answers do. Latency counts from the time a call was due, not from when it
     * was sent, so a stalled system is charged for the calls it held back (no coordinated omission).
     */
    static Result open(double perSecond, Duration duration, Duration drain, AsyncCall call) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long intervalNanos = (long) (1e9 / perSecond);
        Usage usage = Usage.start();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long offered = 0;
        for (long due = start; due < end; due += intervalNanos) {
            offered++;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long intended = due;
            CompletableFuture<Boolean> outcome;
            try {
                outcome = call.start();
            } catch (RuntimeException e) {
                outcome = CompletableFuture.completedFuture(false);
            }
            pending.add(outcome.whenComplete((ok, failure) -> {
                recorder.recordValue(Math.max(0, System.nanoTime() - intended));
                if (failure == null && Boolean.TRUE.equals(ok)) {
                    completed.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
            }));
        }
        String used = usage.describe(offered); // the offered window, not the drain after it
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long unanswered = pending.stream().filter(f -> !f.isDone()).count();
            errors.addAndGet(unanswered);
        } catch (java.util.concurrent.ExecutionException e) {
            // Each failure is already counted as an error.
        }
        return new Result(
                completed.get(), errors.get(), duration.toNanos() / 1e9, recorder.getIntervalHistogram(), used);
    }
}
