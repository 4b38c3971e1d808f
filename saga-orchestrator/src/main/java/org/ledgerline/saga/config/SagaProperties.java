package org.ledgerline.saga.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.saga.*}: the order saga's waits and how it runs.
 *
 * @param timeouts                 how long each step waits for its answer (and, for the waits that send their
 *                                 commands again, up to how long the back-off grows)
 * @param stuckAfter               a running or compensating saga without progress this long shows as STUCK; also how
 *                                 long a saga must be unchanged before the consistency check judges it
 * @param commandThreads           threads sending the saga's commands
 * @param segments                 segments (threads) of the saga's event processor
 * @param batchSize                saga events the saga processor handles per transaction (the journal is written once
 *                                 per batch)
 * @param cacheSize                sagas the JDBC saga store keeps across events, each checked against its row
 *                                 version when loaded, so safe with several nodes (ADR 0005); 0 = no cache
 * @param consistencyCheckInterval how often settled sagas are compared with their orders; 0 = never
 */
@ConfigurationProperties("ledgerline.saga")
public record SagaProperties(
        @DefaultValue Timeouts timeouts,
        @DefaultValue("PT2M") Duration stuckAfter,
        @DefaultValue("4") int commandThreads,
        @DefaultValue("1") int segments,
        @DefaultValue("50") int batchSize,
        @DefaultValue("10000") int cacheSize,
        @DefaultValue("PT30S") Duration consistencyCheckInterval) {

    public SagaProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("ledgerline.saga.batch-size must be at least 1, was " + batchSize);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("ledgerline.saga.cache-size must not be negative, was " + cacheSize);
        }
    }

    /**
     * {@code ledgerline.saga.timeouts.*}.
     *
     * @param reserveStock  how long the saga waits for the stock reservation before it compensates with TIMEOUT
     * @param chargePayment how long the saga waits for the payment before it compensates with TIMEOUT
     * @param confirmOrder  how long the saga waits for the order's confirmation before it compensates with TIMEOUT
     * @param commitStock   after this the saga sends its unanswered shipped-stock commits again
     * @param compensation  after this the saga sends its unanswered compensation commands again
     * @param resendCap     the longest wait between two re-sends (each re-send waits twice the previous wait)
     */
    public record Timeouts(
            @DefaultValue("PT30S") Duration reserveStock,
            @DefaultValue("PT30S") Duration chargePayment,
            @DefaultValue("PT30S") Duration confirmOrder,
            @DefaultValue("PT1M") Duration commitStock,
            @DefaultValue("PT1M") Duration compensation,
            @DefaultValue("PT10M") Duration resendCap) {}
}
