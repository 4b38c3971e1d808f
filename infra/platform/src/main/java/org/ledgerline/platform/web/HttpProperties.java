package org.ledgerline.platform.web;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code ledgerline.http.*}: limits of the HTTP API.
 *
 * @param maxBodySize the largest request body under {@code /api/} in bytes (413 beyond)
 */
@ConfigurationProperties("ledgerline.http")
@Validated
public record HttpProperties(
        @DefaultValue("1048576") @Min(1) int maxBodySize) {}
