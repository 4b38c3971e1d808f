package org.ledgerline.replication.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledgerline.kafka.properties.*} and {@code ledgerline.kafka.properties-file}: Kafka client properties for every
 * Kafka client of the platform.
 *
 * <p>From the environment, {@code LEDGERLINE_KAFKA_PROPERTIES_SECURITY_PROTOCOL=SASL_SSL} binds as
 * {@code security.protocol} (Spring Boot lower-cases the name and turns each {@code _} into a {@code .}), which
 * expresses every Kafka client key (all are lower case with dots). {@code LEDGERLINE_KAFKA_PROPERTIES_FILE} names the
 * properties file; it also shows up in the map as a key {@code file}, which is no Kafka setting and is dropped here.
 *
 * @param properties     Kafka client properties by their Kafka name ({@code sasl.mechanism}, {@code ssl.truststore.location})
 * @param propertiesFile a Java properties file in the format of Kafka's {@code --command-config} (e.g. a mounted
 *                       secret holding {@code sasl.jaas.config}); {@code properties} win over the file's entries
 */
@ConfigurationProperties("ledgerline.kafka")
public record KafkaClientProperties(Map<String, String> properties, String propertiesFile) {

    /** The map key that {@code LEDGERLINE_KAFKA_PROPERTIES_FILE} binds to inside {@code properties}. */
    static final String FILE_KEY = "file";

    public KafkaClientProperties {
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
            throw new KafkaPropertiesException("The Kafka client properties file " + file + " named by "
                                                       + "ledgerline.kafka.properties-file "
                                                       + "(LEDGERLINE_KAFKA_PROPERTIES_FILE) cannot be read ("
                                                       + e.getClass().getSimpleName() + ")", e);
        }
        Map<String, String> entries = new TreeMap<>();
        loaded.stringPropertyNames().forEach(key -> entries.put(key.trim(), loaded.getProperty(key).trim()));
        return entries;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
