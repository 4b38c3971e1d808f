package org.ledgerline.projections.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.projections.*}: the read models' live processors, read-your-writes waits and blue/green rebuilds.
 * Checked in the constructor like the event store's records (this module has no Bean Validation implementation).
 *
 * @param batchSize             events the read models' shared processor ({@code read-models}) handles per transaction
 * @param segments              segments (threads) of the read models' shared processor
 * @param readYourWritesTimeout how long a query with {@code X-Ledgerline-Min-Position} waits for its read model before
 *                              it answers 503
 * @param rebuildBatchSize      events per transaction of a blue/green rebuild (its writes merged per row, ADR 0006)
 * @param rebuildThreads        parallel segments of a blue/green rebuild (each segment reads the whole stream); less
 *                              than 1 runs one
 * @param rebuildFetchSize      events per event-store read of a blue/green rebuild, read and decoded ahead of the
 *                              writes on a thread of its own; 0 reads through the event store like a live processor
 * @param mergeLiveWrites       whether the live processor's batches merge their row writes per row and send them just
 *                              before they commit, as rebuilds do (ADR 0025); false sends each write as it is made
 */
@ConfigurationProperties("ledgerline.projections")
public record ProjectionProperties(
        @DefaultValue("200") int batchSize,
        @DefaultValue("1") int segments,
        @DefaultValue("5s") Duration readYourWritesTimeout,
        @DefaultValue("5000") int rebuildBatchSize,
        @DefaultValue("1") int rebuildThreads,
        @DefaultValue("5000") int rebuildFetchSize,
        @DefaultValue("true") boolean mergeLiveWrites) {

    public ProjectionProperties {
        atLeast("batch-size", batchSize, 1);
        atLeast("segments", segments, 1);
        atLeast("rebuild-batch-size", rebuildBatchSize, 1);
        atLeast("rebuild-fetch-size", rebuildFetchSize, 0);
        if (readYourWritesTimeout == null || readYourWritesTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "ledgerline.projections.read-your-writes-timeout must be 0 or more, was " + readYourWritesTimeout);
        }
    }

    private static void atLeast(String key, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(
                    "ledgerline.projections." + key + " must be at least " + least + ", was " + value);
        }
    }
}
