package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.PrefetchingEventSource;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A prefetching reader at the head of the stream (the Kafka replicator's) does not wait for its idle poll: a commit
 * of this JVM wakes it, and a commit it was woken for that is still behind the visibility horizon is read again
 * soon after, not a poll later. The idle poll here is a minute, so only those two paths can deliver within the bound.
 */
@LedgerlineIntegrationTest
class PrefetchingWakeUpIT {

    private static final Duration IDLE_POLL = Duration.ofMinutes(1);

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TransactionManager axonTransactions;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    private final ExecutorService holder = Executors.newSingleThreadExecutor();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHolder() {
        release.countDown();
        holder.shutdownNow();
    }

    @Test
    void a_reader_waiting_at_the_head_is_woken_by_a_commit_of_this_jvm() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = openAtHead()) {
            awaitReaderWaiting();
            String event = appendAndCommit();

            assertThat(next(stream, Duration.ofSeconds(5))).isEqualTo(event);
        }
    }

    @Test
    void a_commit_held_behind_the_horizon_is_read_soon_after_the_horizon_passes_it() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = openAtHead()) {
            awaitReaderWaiting();
            // Holds a transaction id and may append: the event committed after it is not final until it ends. Its own
            // end appends nothing, so it wakes no reader.
            CompletableFuture<Void> commandTransaction = holdOpen(axonTransactions);
            String event = appendAndCommit();
            await().during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> stream.peek().isEmpty());

            release.countDown();
            commandTransaction.get(30, TimeUnit.SECONDS);

            assertThat(next(stream, Duration.ofSeconds(5))).isEqualTo(event);
        }
    }

    private BlockingStream<TrackedEventMessage<?>> openAtHead() {
        return new PrefetchingEventSource((CommitOrderedJdbcEventStorageEngine) storageEngine, 100, 2, false, IDLE_POLL)
                .openStream(storageEngine.createHeadToken());
    }

    /** Until a prefetching reader thread waits for a commit (it read and found nothing). */
    private static void awaitReaderWaiting() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Thread.getAllStackTraces().entrySet().stream()
                        .anyMatch(thread -> thread.getKey().getName().equals("event-prefetch")
                                && Arrays.stream(thread.getValue())
                                        .anyMatch(frame -> frame.getClassName().equals(CommitSignal.class.getName())
                                                && frame.getMethodName().equals("awaitAfter"))));
    }

    private static String next(BlockingStream<TrackedEventMessage<?>> stream, Duration within)
            throws InterruptedException {
        assertThat(stream.hasNextAvailable((int) within.toMillis(), TimeUnit.MILLISECONDS))
                .as("an event within %s (the idle poll is %s)", within, IDLE_POLL)
                .isTrue();
        return stream.nextAvailable().getIdentifier();
    }

    /** A transaction that holds a transaction id (it wrote) and stays open until {@link #release}. */
    private CompletableFuture<Void> holdOpen(TransactionManager manager) throws InterruptedException {
        CompletableFuture<Void> done = CompletableFuture.runAsync(
                () -> {
                    Transaction transaction = manager.startTransaction();
                    try {
                        jdbc.queryForObject("SELECT pg_current_xact_id()::text", String.class);
                        opened.countDown();
                        if (!release.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("never released");
                        }
                        transaction.commit();
                    } catch (InterruptedException e) {
                        transaction.rollback();
                        Thread.currentThread().interrupt();
                    }
                },
                holder);
        assertThat(opened.await(30, TimeUnit.SECONDS)).isTrue();
        return done;
    }

    private String appendAndCommit() {
        String aggregateId = "wake-" + UUID.randomUUID();
        var event = new GenericDomainEventMessage<>("Probe", aggregateId, 0L, new Probe(aggregateId));
        new TransactionTemplate(transactions).executeWithoutResult(status -> storageEngine.appendEvents(event));
        return event.getIdentifier();
    }

    record Probe(String id) {}
}
