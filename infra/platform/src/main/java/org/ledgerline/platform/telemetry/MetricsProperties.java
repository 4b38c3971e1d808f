package org.ledgerline.platform.telemetry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.metrics.*}: the platform's own metrics.
 *
 * @param processorInterval how often the event processors' gauges (position, lag, dead letters, running) are
 *                          refreshed; a scrape reads the last values and costs the database nothing
 */
@ConfigurationProperties("ledgerline.metrics")
public record MetricsProperties(@DefaultValue("5s") Duration processorInterval) {}
