package org.ledgerline.platform.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop load for the benchmarks: N clients, each making its next call when the last one answered, for a fixed
 * time; every call's latency goes into an HdrHistogram. A call that throws ends the run with that exception.
 */
final class ClosedLoop {

    /** One call of client {@code client} (0..clients-1); false counts as a failure. */
    interface Call {
        boolean call(int client) throws Exception;
    }

    /** What the clients did in {@code seconds}: calls that succeeded and failed, and the latency of every call. */
    record Result(long succeeded, long failed, double seconds, Histogram latency) {

        long calls() {
            return succeeded + failed;
        }

        double ms(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }

        /** The latency percentiles the benchmarks print, on one line. */
        String latencyLine() {
            return "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f"
                    .formatted(ms(50), ms(90), ms(99), ms(99.9), latency.getMaxValue() / 1e6);
        }
    }

    private ClosedLoop() {}

    static Result run(int clients, Duration duration, Call call) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                counts.add(pool.submit(() -> {
                    long succeeded = 0;
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        boolean ok = call.call(client);
                        recorder.recordValue(System.nanoTime() - start);
                        if (ok) {
                            succeeded++;
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                    return succeeded;
                }));
            }
            long succeeded = 0;
            for (Future<Long> count : counts) {
                succeeded += count.get();
            }
            return new Result(
                    succeeded, failures.get(), (System.nanoTime() - started) / 1e9, recorder.getIntervalHistogram());
        } finally {
            pool.shutdownNow();
        }
    }
}
