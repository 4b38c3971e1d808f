package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A saga changed by two units of work at once - the saga processor's batch (find by association, then load) and a
 * deadline (load by id) - keeps both changes: the second waits for the first to commit and starts from what it
 * committed. Without the lock the later commit wrote back a state read before the earlier one, and that change was
 * lost.
 */
@LedgerlineIntegrationTest
class SagaStoreLockIT {

    @Autowired
    SagaStore<Object> store;

    @Autowired
    TransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final String order = UUID.randomUUID().toString();
    private final String saga = UUID.randomUUID().toString();
    private final AssociationValue byOrder = new AssociationValue("orderId", order);

    /** A saga's state as the store keeps it (JSON, fields): what happened to it, in order. */
    static final class Journey {
        private String steps;

        private Journey() {}

        Journey(String steps) {
            this.steps = steps;
        }
    }

    @BeforeEach
    void aSaga() {
        transactions.executeInTransaction(
                () -> store.insertSaga(Journey.class, saga, new Journey("placed"), Set.of(byOrder)));
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void a_deadline_that_loads_a_saga_an_event_batch_holds_waits_and_keeps_the_events_change() throws Exception {
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch write = new CountDownLatch(1);
        Future<?> batch = threads.submit(() -> inTransaction(() -> {
            String id = store.findSagas(Journey.class, byOrder).iterator().next();
            Journey journey = store.<Journey>loadSaga(Journey.class, id).saga();
            loaded.countDown();
            waitFor(write);
            update(journey, "confirmed");
        }));
        assertThat(loaded.await(30, TimeUnit.SECONDS)).isTrue();

        Future<?> deadline = threads.submit(() -> inTransaction(
                () -> update(store.<Journey>loadSaga(Journey.class, saga).saga(), "timed out")));
        awaitWaitingOrDone(deadline);
        write.countDown();
        batch.get(30, TimeUnit.SECONDS);
        deadline.get(30, TimeUnit.SECONDS);

        assertThat(stored()).isEqualTo("placed, confirmed, timed out");
    }

    @Test
    void an_event_batch_that_finds_a_saga_a_deadline_holds_waits_and_keeps_the_deadlines_change() throws Exception {
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch write = new CountDownLatch(1);
        Future<?> deadline = threads.submit(() -> inTransaction(() -> {
            Journey journey = store.<Journey>loadSaga(Journey.class, saga).saga();
            loaded.countDown();
            waitFor(write);
            update(journey, "timed out");
        }));
        assertThat(loaded.await(30, TimeUnit.SECONDS)).isTrue();

        Future<?> batch = threads.submit(() -> inTransaction(() -> {
            String id = store.findSagas(Journey.class, byOrder).iterator().next();
            update(store.<Journey>loadSaga(Journey.class, id).saga(), "confirmed");
        }));
        awaitWaitingOrDone(batch);
        write.countDown();
        deadline.get(30, TimeUnit.SECONDS);
        batch.get(30, TimeUnit.SECONDS);

        assertThat(stored()).isEqualTo("placed, timed out, confirmed");
    }

    /** Until the second unit of work waits for a lock (or, without one, has already finished). */
    private void awaitWaitingOrDone(Future<?> second) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> second.isDone()
                        || jdbc.queryForObject(
                                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                                + "AND wait_event_type = 'Lock'",
                                        Integer.class)
                                > 0);
    }

    private void update(Journey journey, String step) {
        store.updateSaga(
                Journey.class,
                saga,
                new Journey(journey.steps + ", " + step),
                new AssociationValuesImpl(Set.of(byOrder)));
    }

    private String stored() throws Exception {
        return CompletableFuture.supplyAsync(
                        () -> reading(() ->
                                store.<Journey>loadSaga(Journey.class, saga).saga().steps),
                        threads)
                .get(30, TimeUnit.SECONDS);
    }

    /** A unit of work with its transaction, as the saga processor and the deadline manager run theirs. */
    private <T> T reading(Supplier<T> work) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        try {
            T result = work.get();
            unitOfWork.commit();
            return result;
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
    }

    private void inTransaction(Runnable work) {
        reading(() -> {
            work.run();
            return null;
        });
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
