package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.embedded.EmbeddedKafkaServer;
import org.ledgerline.probe.api.ProbeHappened;
import org.ledgerline.replication.ReplicationTestApplication;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The replica survives what real life does to it: a broker that goes away and comes back, and a replicator killed
 * mid-stream. Each test runs its own broker (so stopping it harms no other test) and its own database.
 */
class ReplicationResilienceIT {

    @Test
    void while_kafka_is_down_events_are_still_stored_replication_degrades_and_then_catches_up() throws Exception {
        Path logs = Files.createTempDirectory("kafka-outage-");
        int port = freePort();
        EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(logs, port);
        String database = TestInfrastructure.newDatabase("replication_outage");
        try (ConfigurableApplicationContext platform = start(database, kafka.bootstrapServers(), "out")) {
            String aggregate = UUID.randomUUID().toString();
            append(platform, aggregate, 0, 20);
            try (TopicReader topic = new TopicReader(kafka.bootstrapServers(), "out.probe.events")) {
                // A broker just activated can refuse the first batches; the processor then retries with its back-off
                // (1 s doubling, up to 60 s), so a few refusals alone take over a minute. Same bound as the catch-up.
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> distinct(topic.poll()).size() == 20);
            }

            kafka.close();
            append(platform, aggregate, 20, 30); // the store takes events while Kafka is away
            ReplicationStatus status = platform.getBean(ReplicationStatus.class);
            ReplicationMonitor monitor = platform.getBean(ReplicationMonitor.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(status.lastFailure()).isNotNull();
                monitor.measure();
                assertThat(status.lagEvents()).isEqualTo(30);
            });
            assertThat(platform.getBean(ReplicationHealthIndicator.class)
                            .health(true)
                            .getStatus()
                            .getCode())
                    .isEqualTo("DEGRADED");

            kafka = EmbeddedKafkaServer.start(logs, port);
            try (TopicReader topic = new TopicReader(kafka.bootstrapServers(), "out.probe.events")) {
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> distinct(topic.poll()).size() == 50);
                assertThat(sequencesInOrder(topic.poll())).isSorted();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                monitor.measure();
                assertThat(status.lagEvents()).isZero();
                assertThat(status.lastFailure()).isNull();
            });
            assertThat(new JdbcTemplate(dataSourceOf(database))
                            .queryForObject("SELECT count(*) FROM deadletterentry", Integer.class))
                    .as("an outage is Kafka's fault, never the events'")
                    .isZero();
        } finally {
            kafka.close();
        }
    }

    @Test
    void a_replicator_killed_mid_stream_resends_from_its_last_acknowledged_batch_with_the_same_ids() throws Exception {
        String database = TestInfrastructure.newDatabase("replication_crash");
        String bootstrap = TestInfrastructure.kafkaBootstrapServers();
        int total = 6000;
        // The events are in the store before the replicator starts, so it is surely mid-stream when it dies.
        try (ConfigurableApplicationContext writer =
                start(database, bootstrap, "crash", "--ledgerline.replication.enabled=false")) {
            appendInBatches(writer, UUID.randomUUID().toString(), total);
        }
        int replicatedBeforeCrash;
        try (ConfigurableApplicationContext first =
                        start(database, bootstrap, "crash", "--ledgerline.replication.batch-size=5");
                TopicReader topic = new TopicReader(bootstrap, "crash.probe.events")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> distinct(topic.poll()).size() >= 200);
            // Abrupt: in-flight records are dropped without a flush, and the context dies right after.
            first.getBean(ReplicationProducer.class).reset();
            replicatedBeforeCrash = distinct(topic.poll()).size();
        }
        assertThat(replicatedBeforeCrash).as("the replicator died mid-stream").isLessThan(total);
        int storedAfterCrash = new JdbcTemplate(dataSourceOf(database))
                .queryForObject("SELECT count(*) FROM domainevententry", Integer.class);
        assertThat(storedAfterCrash).isEqualTo(total);

        try (ConfigurableApplicationContext second = start(database, bootstrap, "crash");
                TopicReader topic = new TopicReader(bootstrap, "crash.probe.events")) {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> distinct(topic.poll()).size() == total);
            List<TopicReader.Replicated> records = topic.poll();
            Map<String, Set<String>> valuesById = records.stream()
                    .collect(Collectors.groupingBy(
                            TopicReader.Replicated::ceId,
                            Collectors.mapping(TopicReader.Replicated::value, Collectors.toSet())));
            assertThat(valuesById)
                    .hasSize(total)
                    .allSatisfy((id, values) ->
                            assertThat(values).as("duplicates of %s", id).hasSize(1));
            List<Long> firstSeen = sequencesInOrder(records);
            assertThat(firstSeen).isSorted().hasSize(total);
            assertThat(records.size() - total)
                    .as("re-sent records: the restart resumed from the stored token")
                    .isLessThan(replicatedBeforeCrash);
        }
    }

    private static List<Long> sequencesInOrder(List<TopicReader.Replicated> records) {
        Set<String> seen = new HashSet<>();
        return records.stream()
                .filter(r -> seen.add(r.ceId()))
                .map(TopicReader.Replicated::sequence)
                .toList();
    }

    private static Set<String> distinct(List<TopicReader.Replicated> records) {
        return records.stream().map(TopicReader.Replicated::ceId).collect(Collectors.toSet());
    }

    private static void append(ConfigurableApplicationContext platform, String aggregate, int from, int count) {
        EventStore store = platform.getBean(EventStore.class);
        TransactionTemplate tx = new TransactionTemplate(platform.getBean(PlatformTransactionManager.class));
        for (long sequence = from; sequence < from + count; sequence++) {
            long s = sequence;
            tx.executeWithoutResult(status -> store.publish(
                    new GenericDomainEventMessage<>("Probe", aggregate, s, new ProbeHappened(aggregate, s))));
        }
    }

    private static void appendInBatches(ConfigurableApplicationContext platform, String aggregate, int count) {
        EventStore store = platform.getBean(EventStore.class);
        TransactionTemplate tx = new TransactionTemplate(platform.getBean(PlatformTransactionManager.class));
        for (int from = 0; from < count; from += 50) {
            List<GenericDomainEventMessage<ProbeHappened>> events = new ArrayList<>();
            for (long sequence = from; sequence < Math.min(count, from + 50); sequence++) {
                events.add(new GenericDomainEventMessage<>(
                        "Probe", aggregate, sequence, new ProbeHappened(aggregate, sequence)));
            }
            tx.executeWithoutResult(status -> store.publish(events));
        }
    }

    private static ConfigurableApplicationContext start(
            String database, String bootstrap, String prefix, String... overrides) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestInfrastructure.postgres().username(),
                "--spring.datasource.password=" + TestInfrastructure.postgres().password(),
                "--ledgerline.kafka.bootstrap-servers=" + bootstrap,
                "--ledgerline.replication.topic-prefix=" + prefix,
                "--ledgerline.replication.ack-timeout=3s",
                "--ledgerline.replication.batch-size=100",
                "--ledgerline.replication.monitor-interval=1s",
                "--axon.update-check.disabled=true",
                "--spring.flyway.out-of-order=true",
                "--spring.main.web-application-type=none"));
        // A property given twice on the command line would bind as "a,b": an override replaces its default.
        for (String override : overrides) {
            String name = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(name));
            args.add(override);
        }
        return new SpringApplicationBuilder(ReplicationTestApplication.class).run(args.toArray(String[]::new));
    }

    private static javax.sql.DataSource dataSourceOf(String database) {
        org.springframework.jdbc.datasource.DriverManagerDataSource dataSource =
                new org.springframework.jdbc.datasource.DriverManagerDataSource(
                        database,
                        TestInfrastructure.postgres().username(),
                        TestInfrastructure.postgres().password());
        return dataSource;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
