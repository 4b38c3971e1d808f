package org.ledgerline.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledgerline.idempotency.*}.
 *
 * @param retention   how long a key's response is kept for retries
 * @param staleAfter  when a first request that never finished (crashed node) stops blocking its key
 * @param maxBodySize     the largest request body accepted with a key, in bytes
 * @param cleanupInterval how often keys older than {@code retention} are deleted
 */
@ConfigurationProperties("ledgerline.idempotency")
public record IdempotencyProperties(
        Duration retention, Duration staleAfter, Integer maxBodySize, Duration cleanupInterval) {

    public IdempotencyProperties {
        retention = retention == null ? Duration.ofHours(24) : retention;
        staleAfter = staleAfter == null ? Duration.ofMinutes(1) : staleAfter;
        maxBodySize = maxBodySize == null ? 1_048_576 : maxBodySize;
        cleanupInterval = cleanupInterval == null ? Duration.ofMinutes(10) : cleanupInterval;
    }
}
