package org.ledgerline.saga.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.saga.*}: how long each step waits for its answer (and, for the waits that send their commands
 * again, up to how long the back-off grows: {@code timeouts.resend-cap}), when a saga without progress counts as
 * STUCK, how many threads send the saga's commands and how many segments (threads) run the saga, how many events
 * the saga processor handles per transaction ({@code batchSize}), and how many sagas a single-node platform may keep
 * cached ({@code cacheSize}, 0 = no cache; see {@link SingleNodeSagaCache}: not for a cluster), and how often the
 * saga's consistency check compares settled sagas with their orders ({@code consistencyCheckInterval}, 0 = never).
 */
@ConfigurationProperties("ledgerline.saga")
public record SagaProperties(@DefaultValue Timeouts timeouts,
                             @DefaultValue("PT2M") Duration stuckAfter,
                             @DefaultValue("4") int commandThreads,
                             @DefaultValue("1") int segments,
                             @DefaultValue("50") int batchSize,
                             @DefaultValue("0") int cacheSize,
                             @DefaultValue("PT30S") Duration consistencyCheckInterval) {

    public SagaProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("ledgerline.saga.batch-size must be at least 1, was " + batchSize);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("ledgerline.saga.cache-size must not be negative, was " + cacheSize);
        }
    }

    public record Timeouts(@DefaultValue("PT30S") Duration reserveStock,
                           @DefaultValue("PT30S") Duration chargePayment,
                           @DefaultValue("PT30S") Duration confirmOrder,
                           @DefaultValue("PT1M") Duration commitStock,
                           @DefaultValue("PT1M") Duration compensation,
                           @DefaultValue("PT10M") Duration resendCap) {
    }
}
