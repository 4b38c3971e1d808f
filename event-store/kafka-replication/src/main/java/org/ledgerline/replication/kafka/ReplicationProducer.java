package org.ledgerline.replication.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The replicator's idempotent producer, replaced after any failed batch. An idempotent producer that lost a batch
 * can be left fenced or with sequence numbers the broker no longer accepts (OutOfOrderSequence after a broker
 * restart); a fresh producer with a new producer id simply re-sends the rolled-back batch.
 */
public class ReplicationProducer implements AutoCloseable {

    private final Supplier<Producer<String, byte[]>> factory;
    private Producer<String, byte[]> producer;
    private long generation;
    private final java.util.concurrent.ExecutorService flusher = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("replication-flush").daemon(true).factory());
    private Future<?> flushing;

    ReplicationProducer(Supplier<Producer<String, byte[]>> factory) {
        this.factory = factory;
    }

    static ReplicationProducer kafka(KafkaConnection connection, ReplicationProperties properties) {
        Map<String, Object> config = config(connection, properties, "replicator");
        return new ReplicationProducer(
                () -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()));
    }

    /**
     * The replicator's producer settings; the republisher uses the same so its records land the same way. The
     * configured client properties (TLS, SASL, ...) apply on top of the defaults; the settings the replica's order and
     * completeness rest on are fixed ({@link KafkaConnection#RESERVED} refuses them from configuration).
     */
    static Map<String, Object> config(KafkaConnection connection, ReplicationProperties properties, String role) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, properties.ackTimeout().toMillis());
        Map<String, Object> defaults = Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                65_536,
                // Sends must not block the processor longer than a batch may wait for its acknowledgements.
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                Math.min(timeout, 10_000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.min(timeout, 10_000));
        Map<String, Object> fixed = Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                // One request in flight: right after a topic is created, partition leadership can still move, and
                // with several in flight a later request was seen to land before an earlier retried one.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1,
                // Records never expire inside the producer: an expired record lets later ones of the same partition
                // through (its sequence is reset), which would put an aggregate's events out of order. A batch that
                // waits too long is failed by the replicator instead, and the producer is dropped whole.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Integer.MAX_VALUE,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName());
        return connection.clientConfig(role, defaults, fixed);
    }

    /** Which producer a batch started with; a batch never spans two producers. */
    synchronized long generation() {
        return generation;
    }

    /**
     * Sends with the producer of {@code expectedGeneration}. A batch whose producer was dropped meanwhile must not
     * continue on a new one: its first records died with the old producer, so its later ones would overtake them.
     */
    synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, long expectedGeneration) {
        if (expectedGeneration != generation) {
            throw new KafkaUnavailableException("The producer was replaced during this batch", null);
        }
        if (producer == null) {
            producer = factory.get();
        }
        return producer.send(record);
    }

    /**
     * Sends what the producer holds now instead of after linger.ms, without waiting for it: while Kafka is away a
     * flush would block until the producer is dropped, so it runs on its own thread, one at a time.
     */
    synchronized void flushSoon() {
        if (producer != null && (flushing == null || flushing.isDone())) {
            Producer<String, byte[]> current = producer;
            flushing = flusher.submit(current::flush);
        }
    }

    /** Drops the current producer and what it still holds; the next send starts a fresh one. */
    public synchronized void reset() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
        generation++;
    }

    @Override
    public synchronized void close() {
        flusher.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
