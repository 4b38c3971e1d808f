package org.ledgerline.replication.kafka;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Replication's part of health: {@code DEGRADED} (served as 200: the platform still takes commands) while Kafka
 * refuses batches or the replica lags more than {@code ledgerline.replication.degraded-lag} events.
 */
public class ReplicationHealthIndicator extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "The Kafka replica is behind; it catches up by itself");

    private final ReplicationStatus status;
    private final ReplicationProperties properties;

    public ReplicationHealthIndicator(ReplicationStatus status, ReplicationProperties properties) {
        super("Replication health check failed");
        this.status = status;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ReplicationStatus.Failure failure = status.lastFailure();
        builder.withDetail("lagEvents", status.lagEvents()).withDetail("lagSeconds", status.lagSeconds());
        if (status.lastAcknowledged() != null) {
            builder.withDetail("lastAcknowledged", status.lastAcknowledged().toString());
        }
        if (failure != null) {
            builder.status(DEGRADED)
                    .withDetail("lastError", failure.error())
                    .withDetail("lastErrorReason", failure.reason())
                    .withDetail("lastErrorAt", failure.at().toString());
        } else if (status.lagEvents() > properties.degradedLag()) {
            builder.status(DEGRADED);
        } else {
            builder.up();
        }
    }
}
