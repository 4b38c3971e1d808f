package org.ledgerline.platform.kafka;

import java.time.Duration;
import org.ledgerline.eventstore.kafka.KafkaConnection;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Kafka's part of health. Kafka is a replica of the event store, not its source of truth: when it is away the
 * platform keeps taking commands, so the status is {@code DEGRADED} (served as HTTP 200), never {@code DOWN}.
 */
class KafkaHealthIndicator extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Kafka does not answer; replication waits for it");

    private final KafkaConnection connection;
    private final Duration timeout;

    KafkaHealthIndicator(KafkaConnection connection, Duration timeout) {
        super("Kafka health check failed");
        this.connection = connection;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("bootstrapServers", connection.bootstrapServers())
               .withDetail("embedded", connection.embedded());
        try {
            KafkaProbe.ClusterInfo cluster = KafkaProbe.describe(connection.bootstrapServers(), timeout);
            builder.up().withDetail("clusterId", cluster.clusterId()).withDetail("brokers", cluster.brokers());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            builder.status(DEGRADED).withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
