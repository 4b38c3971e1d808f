package org.ledgerline.projections.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code ledgerline.projections.*}: the read models' live processors, read-your-writes waits and blue/green rebuilds.
 *
 * @param batchSize             events a read model's processor handles per transaction
 * @param segments              segments (threads) of each read model's processor
 * @param readYourWritesTimeout how long a query with {@code X-Ledgerline-Min-Position} waits for its read model before
 *                              it answers 503
 * @param rebuildBatchSize      events per transaction of a blue/green rebuild (its writes merged per row, ADR 0006)
 * @param rebuildThreads        parallel segments of a blue/green rebuild (each segment reads the whole stream); less
 *                              than 1 runs one
 * @param rebuildFetchSize      events per event-store read of a blue/green rebuild, read and decoded ahead of the
 *                              writes on a thread of its own; 0 reads through the event store like a live processor
 */
@ConfigurationProperties("ledgerline.projections")
@Validated
public record ProjectionProperties(@DefaultValue("200") @Min(1) int batchSize,
                                   @DefaultValue("1") @Min(1) int segments,
                                   @DefaultValue("5s") @NotNull Duration readYourWritesTimeout,
                                   @DefaultValue("5000") @Min(1) int rebuildBatchSize,
                                   @DefaultValue("1") int rebuildThreads,
                                   @DefaultValue("5000") @Min(0) int rebuildFetchSize) {
}
