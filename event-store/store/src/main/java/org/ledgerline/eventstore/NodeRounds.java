package org.ledgerline.eventstore;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's background rounds (replay coordination, segment balancing): one daemon thread, a round at start and then
 * one every interval. A failing round is logged and the next one runs.
 */
final class NodeRounds {

    private static final Logger log = LoggerFactory.getLogger(NodeRounds.class);

    private final String what;
    private final String node;
    private final Runnable round;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    /**
     * @param what  the thread's name and the rounds' name in the log ("replay-coordinator")
     * @param node  this node's name, for the log
     * @param round one round
     */
    NodeRounds(String what, String node, Runnable round, Duration interval) {
        this.what = what;
        this.node = node;
        this.round = round;
        this.interval = interval;
    }

    synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(what).daemon(true).factory());
        executor.scheduleWithFixedDelay(this::roundSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A round now, besides the schedule; nothing while stopped. */
    void runNow() {
        ScheduledExecutorService current = executor;
        if (current != null) {
            current.execute(this::roundSafely);
        }
    }

    /** Stops the rounds; false when they were not running. */
    synchronized boolean stop() {
        if (executor == null) {
            return false;
        }
        executor.shutdownNow();
        executor = null;
        return true;
    }

    boolean isRunning() {
        return executor != null;
    }

    private void roundSafely() {
        try {
            round.run();
        } catch (RuntimeException e) {
            log.warn("A {} round failed on node {}: {}", what, node, e.toString());
        }
    }
}
