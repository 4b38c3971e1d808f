package org.ledgerline.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledgerline.management.*}: access to the management port beyond Spring Boot's own {@code management.*}.
 *
 * @param scrapeToken a long-lived credential Prometheus sends as {@code Authorization: Bearer <token>} for
 *                    {@code /actuator/prometheus} on the management port (only there); unset: the scrape needs no
 *                    credential (the management port is not public)
 */
@ConfigurationProperties("ledgerline.management")
public record ManagementProperties(String scrapeToken) {}
