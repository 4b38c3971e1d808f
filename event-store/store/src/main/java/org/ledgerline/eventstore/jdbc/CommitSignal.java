package org.ledgerline.eventstore.jdbc;

import java.util.concurrent.TimeUnit;

/**
 * Counts the commits of this JVM that appended events, so a streaming reader at the head of the stream reads again as
 * soon as one is durable instead of after its idle poll. It is only a hint: a reader still polls for other nodes'
 * commits, and a commit it was woken for may sit behind the visibility horizon ({@link EventHorizon}) for a moment.
 */
public final class CommitSignal {

    private long commits;

    synchronized void signal() {
        commits++;
        notifyAll();
    }

    /** The commits counted so far; read it before a read, and wait with it after a read that found nothing. */
    public synchronized long count() {
        return commits;
    }

    /**
     * Waits until a commit after the {@code seen}-th is counted, or the timeout passes; returns the count then (equal
     * to {@code seen} when none came).
     */
    public synchronized long awaitAfter(long seen, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (commits == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return commits;
    }
}
