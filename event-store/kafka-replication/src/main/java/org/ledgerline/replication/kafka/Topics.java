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
import org.ledgerline.eventstore.EventContract;
import org.ledgerline.kernel.EventCatalog;

/**
 * Maps events to their context's topic as their context's {@link org.ledgerline.kernel.EventCatalog} says (never from
 * a package name), and creates each topic once, if missing.
 */
class Topics implements AutoCloseable {

    private final ReplicationProperties properties;
    private final EventContract contract;
    private final Admin admin;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    Topics(ReplicationProperties properties, EventContract contract, KafkaConnection connection) {
        this(properties, contract, Admin.create(config(connection)));
    }

    /** The topic admin's settings: the configured client properties (TLS, SASL, ...) over the platform's timeouts. */
    static Map<String, Object> config(KafkaConnection connection) {
        return connection.clientConfig(
                "topics",
                Map.of(
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                Map.of());
    }

    Topics(ReplicationProperties properties, EventContract contract, Admin admin) {
        this.properties = properties;
        this.contract = contract;
        this.admin = admin;
    }

    /** The catalogue's context of an event type (its name, or a former name); the fallback context for the rest. */
    String contextOf(String eventType) {
        return contract.contextOf(eventType).orElse(properties.fallbackContext());
    }

    /** The published type of an event class: its catalogued name, or (outside the contract) its class name. */
    String typeOf(Class<?> payloadType) {
        return contract.of(payloadType).map(EventCatalog.Entry::name).orElseGet(payloadType::getName);
    }

    /** The catalogued revision of an event class, or null outside the contract. */
    String revisionOf(Class<?> payloadType) {
        return contract.of(payloadType).map(EventCatalog.Entry::revision).orElse(null);
    }

    String topicFor(String eventType) {
        String topic = properties.topicOf(contextOf(eventType));
        ensure(topic);
        return topic;
    }

    void ensure(String topic) {
        if (ensured.contains(topic)) {
            return;
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, properties.partitions(), properties.replicationFactor())))
                    .all()
                    .get(15, TimeUnit.SECONDS);
            awaitLeaders(topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaUnavailableException(
                        "Cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
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
            var description = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic);
            if (description != null && description.partitions().stream().allMatch(p -> p.leader() != null)) {
                return;
            }
            Thread.sleep(50); // waiting for the broker's leader election
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
