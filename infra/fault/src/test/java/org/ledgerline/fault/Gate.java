package org.ledgerline.fault;

import java.time.Duration;

/**
 * Open while the platform process is up. A client whose connection broke waits here until the driver has restarted
 * the platform, instead of hammering a port nobody listens on.
 */
final class Gate {

    private boolean open = true;

    synchronized void close() {
        open = false;
    }

    synchronized void open() {
        open = true;
        notifyAll();
    }

    /** Waits until open; false if it stayed closed for {@code timeout}. */
    synchronized boolean awaitOpen(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
