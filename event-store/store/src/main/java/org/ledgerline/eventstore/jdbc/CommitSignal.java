package org.ledgerline.eventstore.jdbc;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts the commits of this JVM that appended events, and the wake-ups for other nodes' commits
 * ({@link CrossNodeWakeUp}), so a streaming reader at the head of the stream reads again as soon as one is durable
 * instead of after its idle poll. It is only a hint: a reader still polls, and a commit it was woken for may sit
 * behind the visibility horizon ({@link EventHorizon}) for a moment.
 */
public final class CommitSignal {

    private long commits;
    private long wakeUps;

    synchronized void signal() {
        commits++;
        notifyAll();
    }

    /** Another node committed events: wakes the readers waiting here, without counting a commit of this JVM. */
    synchronized void wake() {
        wakeUps++;
        notifyAll();
    }

    /** The commits and wake-ups counted so far; read it before a read, and wait with it after a read that found none. */
    public synchronized long count() {
        return commits + wakeUps;
    }

    /**
     * Waits until a commit or wake-up after the {@code seen}-th is counted, or the timeout passes; returns the count
     * then (equal to {@code seen} when none came).
     */
    public synchronized long awaitAfter(long seen, long timeoutNanos) throws InterruptedException {
        return await(() -> commits + wakeUps, seen, timeoutNanos);
    }

    /** The commits of this JVM counted so far (wake-ups for other nodes' commits left out). */
    synchronized long localCount() {
        return commits;
    }

    /** As {@link #awaitAfter}, for the commits of this JVM only: what this node tells the others about. */
    synchronized long awaitLocalAfter(long seen, long timeoutNanos) throws InterruptedException {
        return await(() -> commits, seen, timeoutNanos);
    }

    private long await(LongSupplier counted, long seen, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (counted.getAsLong() == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return counted.getAsLong();
    }
}
