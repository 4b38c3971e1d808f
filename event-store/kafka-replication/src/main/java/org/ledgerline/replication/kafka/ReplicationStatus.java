package org.ledgerline.replication.kafka;

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

    /**
     * Records a failed batch, classified ({@link KafkaFailures}): an authentication failure reads "Kafka refused the
     * platform's credentials ..."; the exception's own text (brokers, addresses) stays in the logs.
     */
    void failed(Throwable cause) {
        KafkaFailures.Classified classified = KafkaFailures.classify(cause);
        lastFailure.set(new Failure(clock.instant(), classified.message(), classified.reason()));
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

    /**
     * A batch Kafka did not take.
     *
     * @param error  one sentence for an operator ({@link KafkaFailures})
     * @param reason {@code authentication}, {@code tls}, {@code authorization}, {@code timeout} or {@code unavailable}
     */
    public record Failure(Instant at, String error, String reason) {}
}
