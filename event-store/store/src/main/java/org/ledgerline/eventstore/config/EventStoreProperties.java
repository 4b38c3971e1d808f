package org.ledgerline.eventstore.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the event store ({@code ledgerline.event-store.*}).
 *
 * @param batchSize         events fetched per query by streaming readers
 * @param snapshotThreshold events after which an aggregate is snapshotted, unless {@code snapshots} names it
 * @param snapshots         per aggregate (lower-case simple name, e.g. {@code product}) its own threshold; 0 turns
 *                          snapshots off for that aggregate
 * @param fetchDelay        how soon a streaming reader that found nothing new looks again
 * @param aggregateCacheSize aggregates kept in memory between commands (least recently used out first); 0 turns the
 *                           cache off (ADR 0007)
 * @param sagaJoinedRead     read a saga's association, state and associations in one statement per event, then
 *                           lock the row of each saga loaded (default true); false is Axon's three reads
 * @param crossNodeWakeUp    wake this node's readers at the head when another node on the database commits events,
 *                           and tell the others of this node's commits (PostgreSQL {@code LISTEN/NOTIFY}, ADR 0028;
 *                           default true); false: other nodes' commits are seen at the next poll ({@code fetchDelay})
 */
@ConfigurationProperties("ledgerline.event-store")
public record EventStoreProperties(
        Integer batchSize,
        Integer snapshotThreshold,
        Map<String, Integer> snapshots,
        java.time.Duration fetchDelay,
        Integer aggregateCacheSize,
        Boolean sagaJoinedRead,
        Boolean crossNodeWakeUp) {

    public EventStoreProperties {
        fetchDelay = fetchDelay == null ? java.time.Duration.ofMillis(100) : fetchDelay;
        batchSize = batchSize == null ? 500 : batchSize;
        snapshotThreshold = snapshotThreshold == null ? 250 : snapshotThreshold;
        aggregateCacheSize = aggregateCacheSize == null ? 10_000 : aggregateCacheSize;
        sagaJoinedRead = sagaJoinedRead == null || sagaJoinedRead;
        crossNodeWakeUp = crossNodeWakeUp == null || crossNodeWakeUp;
        if (aggregateCacheSize < 0) {
            throw new IllegalArgumentException(
                    "ledgerline.event-store.aggregate-cache-size must be 0 (off) or more, was " + aggregateCacheSize);
        }
        snapshots = snapshots == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(snapshots));
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "ledgerline.event-store.batch-size must be at least 1, was " + batchSize);
        }
    }

    /** The snapshot threshold of one aggregate: its own entry, else the default. */
    public int snapshotThresholdOf(String aggregate) {
        return snapshots.getOrDefault(aggregate, snapshotThreshold);
    }
}
