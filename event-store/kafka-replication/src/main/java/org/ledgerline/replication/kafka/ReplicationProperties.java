package org.ledgerline.replication.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledgerline.replication.*}.
 *
 * @param enabled           replicate the event store to Kafka (default true when Kafka is configured)
 * @param topicPrefix       topics are {@code <prefix>.<context>.events}
 * @param fallbackContext   the context of events outside every context's event catalog
 * @param partitions        partitions of topics the replicator creates
 * @param replicationFactor replication factor of topics the replicator creates
 * @param batchSize         events per processor batch (one Kafka acknowledgement wait per batch)
 * @param ackTimeout        how long a batch waits for Kafka before it is rolled back and retried
 * @param degradedLag       lag (events) above which replication health says DEGRADED
 * @param source            the CloudEvents {@code source} attribute
 * @param monitorInterval   how often the replica's lag behind the store is measured (lag gauges, health, admin API)
 */
@ConfigurationProperties("ledgerline.replication")
public record ReplicationProperties(
        Boolean enabled,
        String topicPrefix,
        String fallbackContext,
        Integer partitions,
        Short replicationFactor,
        Integer batchSize,
        Duration ackTimeout,
        Long degradedLag,
        String source,
        Duration monitorInterval) {

    public ReplicationProperties {
        enabled = enabled == null || enabled;
        topicPrefix = topicPrefix == null || topicPrefix.isBlank() ? "ledgerline" : topicPrefix;
        fallbackContext = fallbackContext == null || fallbackContext.isBlank() ? "other" : fallbackContext;
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        batchSize = batchSize == null ? 1_000 : batchSize;
        ackTimeout = ackTimeout == null ? Duration.ofSeconds(30) : ackTimeout;
        degradedLag = degradedLag == null ? 10_000L : degradedLag;
        source = source == null || source.isBlank() ? "urn:ledgerline:event-store" : source;
        monitorInterval = monitorInterval == null ? Duration.ofSeconds(5) : monitorInterval;
    }

    /** The topic of a bounded context. */
    public String topicOf(String context) {
        return topicPrefix + "." + context + ".events";
    }
}
