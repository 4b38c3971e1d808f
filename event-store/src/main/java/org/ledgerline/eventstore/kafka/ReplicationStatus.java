package org.ledgerline.eventstore.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** What the replicator last experienced, for health, metrics and the admin API. Thread-safe. */
public class ReplicationStatus {

    private final Clock clock;
    private final AtomicReference<Instant> lastAcknowledged = new AtomicReference<>();
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();
    private volatile long lagEvents;
    private volatile double lagSeconds;

    public ReplicationStatus(Clock clock) {
        this.clock = clock;
    }

    void acknowledged() {
        lastAcknowledged.set(clock.instant());
        lastFailure.set(null);
    }

    void failed(Throwable cause) {
        String message = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        lastFailure.set(new Failure(clock.instant(), message));
    }

    void lag(long events, double seconds) {
        this.lagEvents = events;
        this.lagSeconds = seconds;
    }

    public long lagEvents() {
        return lagEvents;
    }

    public double lagSeconds() {
        return lagSeconds;
    }

    public Instant lastAcknowledged() {
        return lastAcknowledged.get();
    }

    /** The failure since the last acknowledged batch, or null. */
    public Failure lastFailure() {
        return lastFailure.get();
    }

    /** A batch Kafka did not take. */
    public record Failure(Instant at, String error) {
    }
}
