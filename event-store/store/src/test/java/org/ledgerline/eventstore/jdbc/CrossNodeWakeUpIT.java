package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.EventStoreTestApplication;
import org.ledgerline.eventstore.PrefetchingEventSource;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.SecondNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes (Spring contexts of the event store) on one database, each polling only once a minute: a reader waiting
 * at the head on node B gets node A's commit within seconds, through the embedded event store (the sagas' and read
 * models' processors) and through a prefetching reader (the Kafka replicator's); only the cross-node wake-up can
 * deliver it within the bound. A wake-up is never passed on (no echo between nodes), and a node alone sends none.
 */
@LedgerlineIntegrationTest(properties = {"ledgerline.node-id=node-a", "ledgerline.event-store.fetch-delay=1m"})
class CrossNodeWakeUpIT {

    private static final Duration POLL = Duration.ofMinutes(1);
    private static final Duration BOUND = Duration.ofSeconds(5);

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    CrossNodeWakeUp wakeUp;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    private ConfigurableApplicationContext nodeB;

    @BeforeEach
    void startNodeB() {
        nodeB = new SpringApplicationBuilder(EventStoreTestApplication.class)
                .run(SecondNode.onDatabaseOf(
                        environment, "--ledgerline.node-id=node-b", "--ledgerline.event-store.fetch-delay=1m"));
        // Each node sends only once it has seen the other's listener (looked for every second).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> wakeUp.peers() >= 1
                        && nodeB.getBean(CrossNodeWakeUp.class).peers() >= 1);
    }

    @AfterEach
    void stopNodeB() {
        nodeB.close();
    }

    @Test
    void a_reader_of_the_embedded_store_on_node_b_is_woken_by_a_commit_on_node_a() throws Exception {
        EmbeddedEventStore storeB = nodeB.getBean(EmbeddedEventStore.class);
        EventStorageEngine engineB = nodeB.getBean(EventStorageEngine.class);
        try (BlockingStream<TrackedEventMessage<?>> stream = storeB.openStream(engineB.createHeadToken())) {
            assertThat(stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isFalse();
            awaitWaiting("org.axonframework.eventsourcing.eventstore.EmbeddedEventStore$EventProducer", "waitForData");

            String event = appendOnNodeA();

            assertThat(next(stream)).isEqualTo(event);
        }
    }

    @Test
    void a_prefetching_reader_on_node_b_is_woken_by_a_commit_on_node_a() throws Exception {
        var engineB = (CommitOrderedJdbcEventStorageEngine) nodeB.getBean(EventStorageEngine.class);
        try (BlockingStream<TrackedEventMessage<?>> stream =
                new PrefetchingEventSource(engineB, 100, 2, false, POLL).openStream(engineB.createHeadToken())) {
            awaitWaiting(CommitSignal.class.getName(), "awaitAfter");

            String event = appendOnNodeA();

            assertThat(next(stream)).isEqualTo(event);
        }
    }

    @Test
    void a_wake_up_is_not_passed_on_and_a_node_alone_sends_none() {
        MeterRegistry metersB = nodeB.getBean(MeterRegistry.class);
        double sentByA = sent(meters);
        for (int i = 0; i < 3; i++) {
            appendOnNodeA();
        }
        await().atMost(BOUND).until(() -> received(metersB) >= 1);
        assertThat(sent(meters)).as("node A tells node B").isGreaterThan(sentByA);
        assertThat(sent(metersB))
                .as("node B, woken by node A, commits nothing and so tells nobody")
                .isZero();

        nodeB.close();
        // The sender sets what it saw before it decides to send: from here on it sends nothing.
        await().atMost(Duration.ofSeconds(30)).until(() -> wakeUp.peers() == 0);
        double sentAlone = sent(meters);
        for (int i = 0; i < 3; i++) {
            appendOnNodeA();
        }
        await().during(Duration.ofSeconds(1)).atMost(BOUND).until(() -> sent(meters) == sentAlone);
    }

    private static double sent(MeterRegistry registry) {
        return registry.get("ledgerline.event-store.wake-ups")
                .tag("direction", "sent")
                .counter()
                .count();
    }

    private static double received(MeterRegistry registry) {
        return registry.get("ledgerline.event-store.wake-ups")
                .tag("direction", "received")
                .counter()
                .count();
    }

    private static String next(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        assertThat(stream.hasNextAvailable((int) BOUND.toMillis(), TimeUnit.MILLISECONDS))
                .as("node A's event on node B within %s (both poll every %s)", BOUND, POLL)
                .isTrue();
        return stream.nextAvailable().getIdentifier();
    }

    /** Until a thread waits in {@code method} of {@code type}: the reader read, found nothing and waits. */
    private static void awaitWaiting(String type, String method) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().values().stream()
                        .anyMatch(frames -> Arrays.stream(frames)
                                .anyMatch(frame -> frame.getClassName().equals(type)
                                        && frame.getMethodName().equals(method))));
    }

    private String appendOnNodeA() {
        String aggregateId = "cross-" + UUID.randomUUID();
        var event = new GenericDomainEventMessage<>("Probe", aggregateId, 0L, new Probe(aggregateId));
        new TransactionTemplate(transactions).executeWithoutResult(status -> storageEngine.appendEvents(event));
        return event.getIdentifier();
    }

    record Probe(String id) {}
}
