package org.ledgerline.replication.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Kafka's part of health. Kafka is a replica of the event store, not its source of truth: when it is away the
 * platform keeps taking commands, so the status is {@code DEGRADED} (served as HTTP 200), never {@code DOWN}.
 *
 * <p>Cheap under a probe storm: it asks Kafka through the one {@link KafkaProbe} Admin client, one caller at a time,
 * and serves its last answer for {@code ledgerline.kafka.health-cache} (2 s). Its details name no broker address and
 * carry no exception text: a failure is one classified sentence ({@link KafkaFailures}).
 */
class KafkaHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Kafka does not answer; replication waits for it");

    private final KafkaConnection connection;
    private final KafkaProbe probe;
    private final Duration timeout;
    private final long cacheNanos;
    private final LongSupplier nanoTime;
    private final MeterRegistry meters;
    private Health cached;
    private long cachedAt;

    KafkaHealthIndicator(
            KafkaConnection connection, KafkaProbe probe, Duration timeout, Duration cache, MeterRegistry meters) {
        this(connection, probe, timeout, cache, meters, System::nanoTime);
    }

    KafkaHealthIndicator(
            KafkaConnection connection,
            KafkaProbe probe,
            Duration timeout,
            Duration cache,
            MeterRegistry meters,
            LongSupplier nanoTime) {
        this.connection = connection;
        this.probe = probe;
        this.timeout = timeout;
        this.cacheNanos = cache.toNanos();
        this.meters = meters;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized Health health() {
        long now = nanoTime.getAsLong();
        if (cached != null && now - cachedAt < cacheNanos) {
            return cached;
        }
        cached = check();
        cachedAt = nanoTime.getAsLong();
        return cached;
    }

    private Health check() {
        Health.Builder builder = Health.up()
                .withDetail("embedded", connection.embedded())
                .withDetail("securityProtocol", connection.securityProtocol());
        String outcome;
        try {
            KafkaProbe.ClusterInfo cluster = probe.describe(timeout);
            builder.withDetail("clusterId", cluster.clusterId()).withDetail("brokers", cluster.brokers());
            outcome = "up";
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            KafkaFailures.Classified failure = KafkaFailures.classify(e);
            builder.status(DEGRADED).withDetail("error", failure.message()).withDetail("reason", failure.reason());
            outcome = failure.reason();
        }
        Counter.builder("ledgerline.kafka.health.checks")
                .description("Kafka health checks that asked the cluster (not served from the cache), by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        return builder.build();
    }
}
