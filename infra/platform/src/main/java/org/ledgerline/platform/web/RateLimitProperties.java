package org.ledgerline.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledgerline.rate-limit.*}: how many commands one caller may send per second (0 turns limiting off).
 */
@ConfigurationProperties("ledgerline.rate-limit")
public record RateLimitProperties(Integer commandsPerSecond) {

    public RateLimitProperties {
        commandsPerSecond = commandsPerSecond == null ? 50 : commandsPerSecond;
    }
}
