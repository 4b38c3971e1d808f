package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.probe.api.ProbeHappened;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A poison event goes to the dead-letter queue with its reason; the stream flows on; a retry replicates it. */
@LedgerlineIntegrationTest(kafka = true, properties = "ledgerline.replication.topic-prefix=poison")
class PoisonEventIT {

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void a_poison_event_is_dead_lettered_with_its_reason_and_the_stream_flows_on_until_it_is_retried() {
        String poisoned = UUID.randomUUID().toString();
        String healthy = UUID.randomUUID().toString();
        String poisonId = UUID.randomUUID().toString();
        jdbc.update(
                "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadtype, timestamp) VALUES (?, 0, 'Probe', ?, ?, ?, ?, "
                        + "'2026-11-24T00:00:00.000Z')",
                poisoned,
                poisonId,
                "{}".getBytes(StandardCharsets.UTF_8),
                "this is not JSON".getBytes(StandardCharsets.UTF_8),
                ProbeHappened.class.getName());
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> eventStore.publish(
                        new GenericDomainEventMessage<>("Probe", healthy, 0L, new ProbeHappened(healthy, 0))));

        try (TopicReader topic = new TopicReader(TestInfrastructure.kafkaBootstrapServers(), "poison.probe.events")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> topic.poll().stream().anyMatch(record -> healthy.equals(record.key())));
            assertThat(topic.poll()).noneMatch(record -> poisoned.equals(record.key()));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT count(*) FROM deadletterentry WHERE eventidentifier = ?",
                                    Integer.class,
                                    poisonId)
                            == 1);
            assertThat(jdbc.queryForObject(
                            "SELECT causemessage FROM deadletterentry WHERE eventidentifier = ?",
                            String.class,
                            poisonId))
                    .isNotBlank();

            // The operator repairs the stored letter (e.g. with an upcaster or a data fix) and retries it.
            jdbc.update(
                    "UPDATE deadletterentry SET payload = ? WHERE eventidentifier = ?",
                    ("{\"aggregateId\":\"" + poisoned + "\",\"step\":0}").getBytes(StandardCharsets.UTF_8),
                    poisonId);
            var deadLetters = processing
                    .sequencedDeadLetterProcessor(KafkaReplicator.PROCESSING_GROUP)
                    .orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                deadLetters.processAny();
                return jdbc.queryForObject("SELECT count(*) FROM deadletterentry", Integer.class) == 0;
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.poll().stream().anyMatch(record -> poisonId.equals(record.ceId())));
        }
    }
}
