package org.ledgerline.replication.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Maps events to their context's topic, and creates each topic once, if missing. */
class Topics implements AutoCloseable {

    private static final String PREFIX = "org.ledgerline.";
    private static final String API = ".api.";

    private final ReplicationProperties properties;
    private final Admin admin;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    Topics(ReplicationProperties properties, KafkaConnection connection) {
        this(properties, Admin.create(config(connection)));
    }

    /** The topic admin's settings: the configured client properties (TLS, SASL, ...) over the platform's timeouts. */
    static Map<String, Object> config(KafkaConnection connection) {
        return connection.clientConfig("topics", Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                                                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), Map.of());
    }

    Topics(ReplicationProperties properties, Admin admin) {
        this.properties = properties;
        this.admin = admin;
    }

    /** {@code org.ledgerline.order.api.OrderPlaced} belongs to context {@code order}. */
    String contextOf(String payloadType) {
        return contextOf(payloadType, properties.fallbackContext());
    }

    static String contextOf(String payloadType, String fallbackContext) {
        if (payloadType != null && payloadType.startsWith(PREFIX)) {
            int api = payloadType.indexOf(API, PREFIX.length());
            // One package segment only: org.ledgerline.order.internal.api.X is not the order context's contract.
            if (api > PREFIX.length() && payloadType.indexOf('.', PREFIX.length()) == api) {
                return payloadType.substring(PREFIX.length(), api);
            }
        }
        return fallbackContext;
    }

    String topicFor(String payloadType) {
        String topic = properties.topicOf(contextOf(payloadType));
        ensure(topic);
        return topic;
    }

    void ensure(String topic) {
        if (ensured.contains(topic)) {
            return;
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, properties.partitions(), properties.replicationFactor())))
                 .all().get(15, TimeUnit.SECONDS);
            awaitLeaders(topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaUnavailableException("Cannot create topic " + topic + ": " + e.getCause().getMessage(),
                                                    e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not answer while creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("Interrupted while creating topic " + topic, e);
        }
        ensured.add(topic);
    }

    /** A new topic takes writes only once every partition has a leader; sending earlier only fails and retries. */
    private void awaitLeaders(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                                   .get(topic);
            if (description != null && description.partitions().stream().allMatch(p -> p.leader() != null)) {
                return;
            }
            Thread.sleep(50);   // waiting for the broker's leader election
        }
        throw new TimeoutException("No leaders for topic " + topic + " within 30 s");
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
