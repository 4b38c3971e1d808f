package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.PrefetchingEventSource;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * No event is ever skipped by a streaming reader, however long a writer keeps its transaction open.
 *
 * <p>Slow writers take their global index first and then hold their transaction open until the reader has provably
 * moved past that index on the events of fast writers; only then do they commit. A reader that walks the global index
 * would have lost every slow event; the commit-ordered reader must deliver each event exactly once, in token order.
 */
@LedgerlineIntegrationTest(properties = "ledgerline.event-store.batch-size=7")
class GapFreeStreamingIT {

    private static final int FAST_WRITERS = 8;
    private static final int EVENTS_PER_FAST_WRITER = 60;
    private static final int SLOW_WRITERS = 4;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_streaming_reader_sees_every_event_exactly_once_in_token_order_despite_slow_transactions() throws Exception {
        everyEventExactlyOnceInTokenOrder(new Reader(storageEngine, false));
    }

    @Test
    void a_prefetching_reader_sees_every_event_exactly_once_in_token_order_despite_slow_transactions()
            throws Exception {
        // A rebuild's reader: its own fetch size (5 here, against the engine's 7) and one read ahead.
        everyEventExactlyOnceInTokenOrder(new Reader(storageEngine, true));
    }

    private void everyEventExactlyOnceInTokenOrder(Reader reader) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(FAST_WRITERS + SLOW_WRITERS + 1);
        Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Long> slowIndexes = new CopyOnWriteArrayList<>();
        CountDownLatch slowOpen = new CountDownLatch(SLOW_WRITERS);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        try {
            pool.submit(reader);
            List<CompletableFuture<Void>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_WRITERS; i++) {
                slow.add(CompletableFuture.runAsync(
                        () -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                            String id = append("slow-" + UUID.randomUUID());
                            written.add(id);
                            slowIndexes.add(globalIndexOf(id));
                            slowOpen.countDown();
                            hold(releaseSlow);
                        }),
                        pool));
            }
            assertThat(slowOpen.await(30, TimeUnit.SECONDS)).isTrue();

            List<CompletableFuture<Void>> fast = new ArrayList<>();
            for (int w = 0; w < FAST_WRITERS; w++) {
                fast.add(CompletableFuture.runAsync(
                        () -> {
                            for (int e = 0; e < EVENTS_PER_FAST_WRITER; e++) {
                                written.add(new TransactionTemplate(transactions).execute(status -> append("fast")));
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(fast.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            // Fast events with global indexes above every slow one have committed; a reader walking the global
            // index would be past the slow ones by now. Ours must hold back instead.
            long highestSlow =
                    slowIndexes.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class))
                    .isGreaterThan(highestSlow);
            assertThat(reader.seenIds()).noneMatch(written::contains);

            releaseSlow.countDown();
            CompletableFuture.allOf(slow.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(reader.seenIds()).hasSameSizeAs(written));
            assertThat(reader.seenIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
            assertThat(reader.tokens()).isSortedAccordingTo(CommitOrderTrackingToken::compareTo);
            assertThat(new HashSet<>(reader.tokens())).hasSameSizeAs(reader.tokens());
        } finally {
            releaseSlow.countDown();
            reader.stop();
            pool.shutdownNow();
        }
    }

    @Test
    void a_reader_that_walks_the_global_index_would_skip_an_event_that_commits_late() throws Exception {
        // The control experiment: proves the scenario above really opens a gap that the naive reader passes.
        CountDownLatch slowInserted = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            var slow = CompletableFuture.runAsync(
                    () -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                        append("late");
                        slowInserted.countDown();
                        hold(releaseSlow);
                    }),
                    pool);
            assertThat(slowInserted.await(30, TimeUnit.SECONDS)).isTrue();
            long before = jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
            String early = new TransactionTemplate(transactions).execute(status -> append("early"));
            long naivePosition = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
            releaseSlow.countDown();
            slow.get(30, TimeUnit.SECONDS);

            List<String> naiveNext = jdbc.queryForList(
                    "SELECT eventidentifier FROM domainevententry WHERE globalindex > ? ORDER BY globalindex",
                    String.class,
                    naivePosition);
            assertThat(naiveNext)
                    .as("the late event sorts below what the naive reader already passed")
                    .isEmpty();
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM domainevententry WHERE globalindex > ?", Long.class, before))
                    .isEqualTo(2);
            assertThat(early).isNotNull();
        } finally {
            releaseSlow.countDown();
            pool.shutdownNow();
        }
    }

    private String append(String kind) {
        String aggregateId = kind + "-" + UUID.randomUUID();
        var event = new GenericDomainEventMessage<>("Probe", aggregateId, 0L, new Probe(aggregateId));
        storageEngine.appendEvents(event);
        return event.getIdentifier();
    }

    private long globalIndexOf(String eventId) {
        return jdbc.queryForObject(
                "SELECT globalindex FROM domainevententry WHERE eventidentifier = ?", Long.class, eventId);
    }

    private static void hold(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Probe(String id) {}

    /** Polls the store like a streaming processor: read from the last token, remember the last token. */
    private static final class Reader implements Runnable {

        private final EventStorageEngine engine;
        private final List<String> ids = new CopyOnWriteArrayList<>();
        private final List<CommitOrderTrackingToken> tokens = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final boolean prefetching;
        /** Where the reader starts: after the events of the other tests in this database. */
        private final TrackingToken start;

        Reader(EventStorageEngine engine, boolean prefetching) {
            this.engine = engine;
            this.prefetching = prefetching;
            this.start = engine.createHeadToken();
        }

        @Override
        public void run() {
            if (prefetching) {
                runPrefetching();
                return;
            }
            TrackingToken last = start;
            while (running.get()) {
                List<? extends TrackedEventMessage<?>> batch;
                try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(last, false)) {
                    batch = stream.toList();
                }
                for (TrackedEventMessage<?> event : batch) {
                    ids.add(event.getIdentifier());
                    tokens.add((CommitOrderTrackingToken) event.trackingToken());
                    last = event.trackingToken();
                }
                Thread.onSpinWait();
            }
        }

        private void runPrefetching() {
            var source = new PrefetchingEventSource((CommitOrderedJdbcEventStorageEngine) engine, 5, 1);
            try (var stream = source.openStream(start)) {
                while (running.get()) {
                    if (stream.hasNextAvailable(10, TimeUnit.MILLISECONDS)) {
                        TrackedEventMessage<?> event = stream.nextAvailable();
                        ids.add(event.getIdentifier());
                        tokens.add((CommitOrderTrackingToken) event.trackingToken());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<String> seenIds() {
            return List.copyOf(ids);
        }

        List<CommitOrderTrackingToken> tokens() {
            return List.copyOf(tokens);
        }

        void stop() {
            running.set(false);
        }
    }
}
