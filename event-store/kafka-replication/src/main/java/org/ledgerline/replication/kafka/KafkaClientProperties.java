package org.ledgerline.replication.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.kafka.*}: the Kafka cluster, the client properties of every Kafka client of the platform
 * ({@code ledgerline.kafka.properties.*} and {@code ledgerline.kafka.properties-file}), and how long the start-up
 * check and the health check wait for it.
 *
 * <p>From the environment, {@code LEDGERLINE_KAFKA_PROPERTIES_SECURITY_PROTOCOL=SASL_SSL} binds as
 * {@code security.protocol} (Spring Boot lower-cases the name and turns each {@code _} into a {@code .}), which
 * expresses every Kafka client key (all are lower case with dots). {@code LEDGERLINE_KAFKA_PROPERTIES_FILE} names the
 * properties file; it also shows up in the map as a key {@code file}, which is no Kafka setting and is dropped here.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}; unset: the platform starts an embedded
 *                         broker (development)
 * @param properties       Kafka client properties by their Kafka name ({@code sasl.mechanism},
 *                         {@code ssl.truststore.location})
 * @param propertiesFile   a Java properties file in the format of Kafka's {@code --command-config} (e.g. a mounted
 *                         secret holding {@code sasl.jaas.config}); {@code properties} win over the file's entries
 * @param startupTimeout   how long a configured broker may take to answer at start-up
 * @param healthTimeout    how long one Kafka health check may take
 * @param healthCache      how long the Kafka health check serves its last answer
 */
@ConfigurationProperties("ledgerline.kafka")
public record KafkaClientProperties(
        String bootstrapServers,
        Map<String, String> properties,
        String propertiesFile,
        @DefaultValue("15s") Duration startupTimeout,
        @DefaultValue("3s") Duration healthTimeout,
        @DefaultValue("2s") Duration healthCache) {

    /** The map key that {@code LEDGERLINE_KAFKA_PROPERTIES_FILE} binds to inside {@code properties}. */
    static final String FILE_KEY = "file";

    public KafkaClientProperties {
        bootstrapServers = blankToNull(bootstrapServers);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        propertiesFile = propertiesFile == null || propertiesFile.isBlank() ? null : propertiesFile.trim();
    }

    /** The file's entries, then the map's (without the {@code file} artefact); reserved keys are refused later. */
    public Map<String, String> resolve() {
        Map<String, String> resolved = new TreeMap<>();
        String file = propertiesFile != null ? propertiesFile : blankToNull(properties.get(FILE_KEY));
        if (file != null) {
            resolved.putAll(load(Path.of(file.startsWith("file:") ? file.substring("file:".length()) : file)));
        }
        properties.forEach((key, value) -> {
            if (!FILE_KEY.equals(key)) {
                resolved.put(key.trim(), value == null ? "" : value.trim());
            }
        });
        return resolved;
    }

    /** Read like Kafka's own tools read {@code --command-config} (ISO-8859-1, {@code \\u} escapes). */
    static Map<String, String> load(Path file) {
        Properties loaded = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in);
        } catch (IOException | RuntimeException e) {
            throw new KafkaPropertiesException(
                    "The Kafka client properties file " + file + " named by "
                            + "ledgerline.kafka.properties-file "
                            + "(LEDGERLINE_KAFKA_PROPERTIES_FILE) cannot be read ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
        Map<String, String> entries = new TreeMap<>();
        loaded.stringPropertyNames()
                .forEach(key -> entries.put(key.trim(), loaded.getProperty(key).trim()));
        return entries;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
