package org.ledgerline.saga.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.saga.*}: how long each step waits for its answer, when a saga without progress counts as
 * STUCK, how many threads send the saga's commands and how many segments (threads) run the saga.
 */
@ConfigurationProperties("ledgerline.saga")
public record SagaProperties(@DefaultValue Timeouts timeouts,
                             @DefaultValue("PT2M") Duration stuckAfter,
                             @DefaultValue("4") int commandThreads,
                             @DefaultValue("1") int segments) {

    public record Timeouts(@DefaultValue("PT30S") Duration reserveStock,
                           @DefaultValue("PT30S") Duration chargePayment,
                           @DefaultValue("PT30S") Duration confirmOrder,
                           @DefaultValue("PT1M") Duration commitStock,
                           @DefaultValue("PT1M") Duration compensation) {
    }
}
