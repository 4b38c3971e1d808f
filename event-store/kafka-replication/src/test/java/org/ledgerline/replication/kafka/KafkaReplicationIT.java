package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.ledgerline.probe.api.ProbeHappened;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The replica on a real Kafka broker: complete, ordered per aggregate, with CloudEvents headers. */
@LedgerlineIntegrationTest(
        kafka = true,
        properties = {
            "ledgerline.replication.topic-prefix=it1",
            "ledgerline.replication.batch-size=50",
            "ledgerline.replication.partitions=4"
        })
class KafkaReplicationIT {

    private static final int AGGREGATES = 200;
    private static final int EVENTS_EACH = 10;

    @Autowired
    EventStore eventStore;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ReplicationMonitor monitor;

    @Autowired
    ReplicationStatus status;

    @Test
    void every_event_of_many_aggregates_arrives_once_in_its_aggregates_order_with_its_headers() throws Exception {
        // The replicator reads through its prefetching reader: the path this test attacks.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(thread -> thread.getName().equals("event-prefetch")));
        List<String> aggregates = new ArrayList<>();
        for (int i = 0; i < AGGREGATES; i++) {
            aggregates.add(UUID.randomUUID().toString());
        }
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String aggregate : aggregates) {
                done.add(writers.submit(() -> {
                    for (int step = 0; step < EVENTS_EACH; step++) {
                        long sequence = step;
                        new TransactionTemplate(transactions)
                                .executeWithoutResult(s -> eventStore.publish(new GenericDomainEventMessage<>(
                                        "Probe",
                                        aggregate,
                                        sequence,
                                        new ProbeHappened(aggregate, sequence),
                                        MetaData.with(
                                                "traceparent",
                                                "00-0af7651916cd43dd8448eb211c80319c-" + "b7ad6b7169203331-01"))));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdown();
        }

        try (TopicReader topic = new TopicReader(TestInfrastructure.kafkaBootstrapServers(), "it1.probe.events")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> topic.poll().stream()
                                    .map(TopicReader.Replicated::ceId)
                                    .distinct()
                                    .count()
                            == (long) AGGREGATES * EVENTS_EACH);
            List<TopicReader.Replicated> records = topic.poll();
            Map<String, TopicReader.Replicated> byId = new LinkedHashMap<>();
            records.forEach(record -> byId.putIfAbsent(record.ceId(), record));
            assertThat(byId).hasSize(AGGREGATES * EVENTS_EACH);

            Map<String, List<TopicReader.Replicated>> perAggregate = records.stream()
                    .collect(Collectors.groupingBy(
                            TopicReader.Replicated::key, LinkedHashMap::new, Collectors.toList()));
            assertThat(perAggregate).hasSize(AGGREGATES);
            perAggregate.forEach((aggregate, stream) -> {
                assertThat(stream)
                        .extracting(TopicReader.Replicated::partition)
                        .containsOnly(stream.getFirst().partition());
                List<TopicReader.Replicated> inOffsetOrder = stream.stream()
                        .sorted(Comparator.comparingLong(TopicReader.Replicated::offset))
                        .toList();
                assertThat(inOffsetOrder.stream()
                                .map(TopicReader.Replicated::sequence)
                                .distinct()
                                .toList())
                        .as("aggregate %s in order", aggregate)
                        .isSorted()
                        .hasSize(EVENTS_EACH);
            });

            assertThat(partitionsOf("it1.probe.events"))
                    .as("partitions of the created topic")
                    .isEqualTo(4);
            assertThat(records)
                    .allSatisfy(record -> assertThat(record.headers())
                            .containsEntry("ce_subject", record.key())
                            .containsKeys(
                                    "ce_id",
                                    "ce_type",
                                    "ce_source",
                                    "ce_time",
                                    "ce_specversion",
                                    "traceparent",
                                    "ledgerline_sequence",
                                    "ledgerline_position"));
            assertThat(byId.values().stream()
                            .map(r -> r.headers().get("ledgerline_position"))
                            .distinct())
                    .as("one store position per event")
                    .hasSize(AGGREGATES * EVENTS_EACH);

            TopicReader.Replicated first = records.getFirst();
            assertThat(first.headers())
                    .containsEntry("ce_specversion", "1.0")
                    .containsEntry("ce_type", "probe.ProbeHappened")
                    .containsEntry("ce_subject", first.key())
                    .containsEntry("ce_source", "urn:ledgerline:event-store")
                    .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                    .containsKeys("ce_time", "ledgerline_position", "ledgerline_sequence");
            assertThat(first.value()).contains("\"aggregateId\":\"" + first.key() + "\"");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            monitor.measure();
            assertThat(status.lagEvents()).isZero();
        });
        assertThat(status.lastFailure()).isNull();
    }

    private static int partitionsOf(String topic) throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()))) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        }
    }
}
