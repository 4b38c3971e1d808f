package org.ledgerline.platform.contract;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.ledgerline.testsupport.TestInfrastructure;

/** What the platform replicated to the test Kafka, read from a topic's beginning as a downstream consumer would. */
public final class ReplicatedRecords {

    private ReplicatedRecords() {}

    /**
     * The records of one aggregate ({@code key}) on {@code topic}, in order, once there are {@code count} of them (a
     * minute at most; the replicator creates the topic with its first batch).
     */
    public static List<ConsumerRecord<String, byte[]>> ofKey(String topic, String key, int count) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TestInfrastructure.kafkaConsumer()) {
            List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                                    .toList(),
                            list -> !list.isEmpty());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().filter(r -> key.equals(r.key())).count() == count;
            });
        }
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    /** A header's value as text, or null without it (the last one, if the record has several). */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
