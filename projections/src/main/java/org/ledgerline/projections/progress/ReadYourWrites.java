package org.ledgerline.projections.progress;

import java.time.Duration;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.projections.config.ProjectionProperties;
import org.springframework.stereotype.Component;

/** Applies {@code X-Ledgerline-Min-Position} for a query: wait (bounded) until the read model has that position. */
@Component
public class ReadYourWrites {

    public static final String HEADER = "X-Ledgerline-Min-Position";

    private final ProjectionProgress progress;
    private final Duration timeout;

    ReadYourWrites(ProjectionProgress progress, ProjectionProperties properties) {
        this.progress = progress;
        this.timeout = properties.readYourWritesTimeout();
    }

    /**
     * Returns once {@code processor} has processed {@code header}'s position (no header: at once).
     *
     * @throws NotCaughtUpException when it has not within the timeout
     */
    public void await(String processor, String header) {
        if (header == null || header.isBlank()) {
            return;
        }
        long position;
        try {
            position = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new InvalidCommandException(HEADER + " is the X-Ledgerline-Position a command returned, a number");
        }
        if (position < 0) {
            throw new InvalidCommandException(
                    HEADER + " is the X-Ledgerline-Position a command returned, never " + "negative");
        }
        if (position == 0) {
            return;
        }
        if (!progress.isStored(position)) {
            // Positions are handed out once their event has committed: one the store does not hold was never
            // returned by a command, and waiting for it could only end in a 503.
            throw new InvalidCommandException("No event is stored at position " + position + "; " + HEADER
                    + " takes the X-Ledgerline-Position a command returned");
        }
        try {
            if (!progress.await(processor, position, timeout)) {
                throw new NotCaughtUpException(position);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotCaughtUpException(position);
        }
    }

    /** The read model has not reached the position in time (HTTP 503 with Retry-After). */
    public static class NotCaughtUpException extends RuntimeException {

        public NotCaughtUpException(long position) {
            super("The read model has not reached position " + position + " yet; retry shortly");
        }
    }
}
