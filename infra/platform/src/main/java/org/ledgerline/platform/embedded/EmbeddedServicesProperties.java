package org.ledgerline.platform.embedded;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the embedded dev servers live ({@code ledgerline.embedded.*}).
 *
 * @param enabled        start embedded servers for what is not configured (default true)
 * @param dataDirectory  their data, kept across restarts and locked against a second process
 * @param postgresPort   the embedded PostgreSQL's port
 * @param kafkaPort      the embedded Kafka broker's port
 * @param database       the database the platform uses on the embedded PostgreSQL
 */
@ConfigurationProperties("ledgerline.embedded")
public record EmbeddedServicesProperties(
        Boolean enabled, Path dataDirectory, Integer postgresPort, Integer kafkaPort, String database) {

    public EmbeddedServicesProperties {
        enabled = enabled == null || enabled;
        dataDirectory = dataDirectory == null ? Path.of(".ledgerline") : dataDirectory;
        postgresPort = postgresPort == null ? 15432 : postgresPort;
        kafkaPort = kafkaPort == null ? 19092 : kafkaPort;
        database = database == null || database.isBlank() ? "ledgerline" : database;
    }
}
