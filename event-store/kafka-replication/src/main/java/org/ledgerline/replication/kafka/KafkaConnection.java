package org.ledgerline.replication.kafka;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Kafka cluster the platform replicates to, and the client properties every Kafka client of the platform gets
 * (replication producer, republisher, topic admin, health and start-up probe): TLS trust and key stores, SASL
 * mechanism and JAAS config, {@code client.id} and any other Kafka client setting ({@code ledgerline.kafka.properties.*}
 * and {@code ledgerline.kafka.properties-file}).
 *
 * <p>The platform's own guarantees rest on a few settings (serializers, {@code acks=all}, idempotence, one request in
 * flight, records that never expire): those keys are {@link #RESERVED} and refused here, at start-up. {@link #toString()}
 * masks every value that may hold a secret.
 *
 * @param bootstrapServers comma-separated host:port list
 * @param embedded         whether it is the platform's own in-process dev broker
 * @param clientProperties Kafka client properties passed to every client (never null; reserved keys refused)
 */
public record KafkaConnection(String bootstrapServers, boolean embedded, Map<String, String> clientProperties) {

    /**
     * Keys the platform sets itself and refuses from configuration: changing them would break ordering, loss-freedom
     * or the record format of the replica (or, for {@code bootstrap.servers}, has its own setting).
     */
    public static final Set<String> RESERVED = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            "bootstrap.servers",
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "acks",
            "enable.idempotence",
            "max.in.flight.requests.per.connection",
            "retries",
            "delivery.timeout.ms",
            "transactional.id",
            "partitioner.class")));

    static final String MASK = "******";

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
        clientProperties =
                clientProperties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(clientProperties));
        Set<String> reserved = clientProperties.keySet().stream()
                .filter(RESERVED::contains)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!reserved.isEmpty()) {
            throw new KafkaPropertiesException(reservedMessage(reserved));
        }
    }

    public KafkaConnection(String bootstrapServers, boolean embedded) {
        this(bootstrapServers, embedded, Map.of());
    }

    /**
     * One client's configuration: the platform's {@code defaults} for this client, overridden by the configured client
     * properties, then the settings the client cannot do without ({@code fixed}), the bootstrap servers and the client
     * id: {@code <client.id>-<role>} when {@code client.id} is configured (no two clients of one process share an id),
     * else {@code ledgerline-<role>}.
     */
    public Map<String, Object> clientConfig(String role, Map<String, ?> defaults, Map<String, ?> fixed) {
        Map<String, Object> config = new HashMap<>(defaults);
        config.putAll(clientProperties);
        config.putAll(fixed);
        config.put("bootstrap.servers", bootstrapServers);
        String clientId = clientProperties.get("client.id");
        config.put("client.id", (clientId == null || clientId.isBlank() ? "ledgerline" : clientId) + "-" + role);
        return config;
    }

    /** {@code security.protocol} as configured, {@code PLAINTEXT} when not. */
    public String securityProtocol() {
        return clientProperties.getOrDefault("security.protocol", "PLAINTEXT");
    }

    /** Whether a property's value may hold a secret (a password, a JAAS config, a private key), so is never shown. */
    public static boolean isSecret(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        return name.contains("password")
                || name.contains("jaas")
                || name.contains("secret")
                || name.contains("token")
                || name.contains("credential")
                || name.endsWith(".key");
    }

    /** The client properties with every value that may hold a secret masked. */
    public Map<String, String> maskedClientProperties() {
        Map<String, String> masked = new TreeMap<>();
        clientProperties.forEach((key, value) -> masked.put(key, isSecret(key) ? MASK : value));
        return masked;
    }

    @Override
    public String toString() {
        return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", embedded=" + embedded + ", clientProperties="
                + maskedClientProperties() + "]";
    }

    static String reservedMessage(Set<String> keys) {
        return "Kafka client propert" + (keys.size() == 1 ? "y " : "ies ") + String.join(", ", keys)
                + (keys.size() == 1 ? " is" : " are") + " set by the platform and cannot be configured "
                + "(ledgerline.kafka.properties.* or the file named by ledgerline.kafka.properties-file): the replica's "
                + "order and completeness rely on them. Remove " + (keys.size() == 1 ? "it" : "them")
                + (keys.contains("bootstrap.servers")
                        ? "; set the brokers with ledgerline.kafka.bootstrap-servers "
                                + "(LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS)"
                        : "")
                + ". Reserved: " + String.join(", ", RESERVED);
    }
}
