package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.Saga;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The saga store reads a saga with two statements in a unit of work (the joined read, then the row lock), and reads
 * exactly what Axon's store reads.
 */
@LedgerlineIntegrationTest
class JoinedReadSagaStoreIT {

    @Autowired
    SagaStore<Object> platformStore;

    @Autowired
    TransactionManager transactions;

    @Autowired
    ConnectionProvider connections;

    @Autowired
    Serializer serializer;

    @Autowired
    SagaSqlSchema schema;

    @Autowired
    JdbcTemplate jdbc;

    private final AtomicInteger statements = new AtomicInteger();
    private JoinedReadSagaStore joined;
    private JdbcSagaStore axons;
    private final String order = UUID.randomUUID().toString();
    private final String saga = UUID.randomUUID().toString();

    /** A saga's state as the store keeps it (JSON, fields). */
    static final class Shipment {
        private String state;

        private Shipment() {}

        Shipment(String state) {
            this.state = state;
        }
    }

    @BeforeEach
    void stores() {
        ConnectionProvider counted = () -> counting(connections.getConnection());
        joined = new JoinedReadSagaStore(counted, (GenericSagaSqlSchema) schema, serializer);
        axons = JdbcSagaStore.builder()
                .connectionProvider(counted)
                .sqlSchema(schema)
                .serializer(serializer)
                .build();
        transactions.executeInTransaction(() -> platformStore.insertSaga(
                Shipment.class,
                saga,
                new Shipment("reserved"),
                Set.of(new AssociationValue("orderId", order), new AssociationValue("customerId", "c-1"))));
        transactions.executeInTransaction(() -> platformStore.insertSaga(
                Shipment.class,
                UUID.randomUUID().toString(),
                new Shipment("other"),
                Set.of(new AssociationValue("orderId", UUID.randomUUID().toString()))));
    }

    @Test
    void the_platform_reads_sagas_joined() {
        assertThat(platformStore).isInstanceOf(JoinedReadSagaStore.class);
    }

    @Test
    void in_a_unit_of_work_finding_and_loading_a_saga_is_two_statements_with_axons_result() throws Exception {
        AssociationValue byOrder = new AssociationValue("orderId", order);

        Read ours = inUnitOfWork(() -> read(joined, byOrder));
        int oursStatements = statements.getAndSet(0);
        Read theirs = inUnitOfWork(() -> read(axons, byOrder));

        assertThat(oursStatements).isEqualTo(2); // the joined read, then the row lock of the load
        assertThat(statements.get()).isEqualTo(3);
        assertThat(ours.ids()).containsExactly(saga).isEqualTo(theirs.ids());
        assertThat(ours.state()).isEqualTo("reserved").isEqualTo(theirs.state());
        assertThat(ours.associations())
                .containsExactlyInAnyOrder(byOrder, new AssociationValue("customerId", "c-1"))
                .isEqualTo(theirs.associations());
    }

    @Test
    void without_a_unit_of_work_it_reads_as_axon_does() {
        Read ours = read(joined, new AssociationValue("orderId", order));

        assertThat(statements.get()).isEqualTo(3);
        assertThat(ours.state()).isEqualTo("reserved");
    }

    @Test
    void what_was_read_ahead_does_not_outlive_its_unit_of_work() throws Exception {
        AssociationValue byOrder = new AssociationValue("orderId", order);
        inUnitOfWork(() -> joined.findSagas(Shipment.class, byOrder)); // read ahead, never loaded
        AssociationValues unchanged = new AssociationValuesImpl(Set.of(byOrder));
        transactions.executeInTransaction(
                () -> platformStore.updateSaga(Shipment.class, saga, new Shipment("charged"), unchanged));

        Shipment loaded = inUnitOfWork(
                () -> joined.<Shipment>loadSaga(Shipment.class, saga).saga());

        assertThat(loaded.state).isEqualTo("charged");
    }

    @Test
    void an_association_without_its_saga_is_found_and_loads_nothing_as_in_axon() throws Exception {
        String orphan = UUID.randomUUID().toString();
        jdbc.update(
                "INSERT INTO associationvalueentry (associationkey, associationvalue, sagaid, sagatype) "
                        + "VALUES ('orderId', ?, ?, ?)",
                orphan,
                orphan,
                serializer.typeForClass(Shipment.class).getName());
        AssociationValue byOrphan = new AssociationValue("orderId", orphan);

        Read ours = inUnitOfWork(() -> read(joined, byOrphan));
        Read theirs = inUnitOfWork(() -> read(axons, byOrphan));

        assertThat(ours.ids()).containsExactly(orphan).isEqualTo(theirs.ids());
        assertThat(ours.state()).isNull();
        assertThat(theirs.state()).isNull();
    }

    /**
     * The cache is safe with several nodes: node A keeps the saga, node B (a deadline, an operator action) changes it,
     * and A's next event must see B's change, because every load compares the locked row's version with the one A
     * kept. And a kept saga costs one statement per event: the row lock with its version.
     */
    @Test
    void a_cached_saga_is_one_statement_per_event_and_a_change_on_another_node_is_seen() throws Exception {
        JoinedReadSagaStore nodeA = joined.withCache(100);
        JoinedReadSagaStore nodeB = joined.withCache(100);
        AssociationValue byOrder = new AssociationValue("orderId", order);
        AssociationValues unchanged =
                new AssociationValuesImpl(Set.of(byOrder, new AssociationValue("customerId", "c-1")));

        assertThat(inTransaction(() -> read(nodeA, byOrder)).state()).isEqualTo("reserved");
        inTransaction(() -> {
            nodeA.loadSaga(Shipment.class, saga);
            nodeA.updateSaga(Shipment.class, saga, new Shipment("charged"), unchanged);
            return null;
        });
        statements.set(0);
        Read kept = inTransaction(() -> read(nodeA, byOrder));
        assertThat(statements.get())
                .as("statements of an event for a kept saga")
                .isEqualTo(1);
        assertThat(kept.state()).isEqualTo("charged");
        assertThat(kept.associations()).containsExactlyInAnyOrder(byOrder, new AssociationValue("customerId", "c-1"));

        // Node B, a deadline: loads the saga by id and changes it.
        inTransaction(() -> {
            assertThat(nodeB.<Shipment>loadSaga(Shipment.class, saga).saga().state)
                    .isEqualTo("charged");
            nodeB.updateSaga(Shipment.class, saga, new Shipment("timed out"), unchanged);
            return null;
        });

        assertThat(inTransaction(() -> read(nodeA, byOrder)).state()).isEqualTo("timed out");
        statements.set(0);
        assertThat(inTransaction(() -> read(nodeA, byOrder)).state()).isEqualTo("timed out");
        assertThat(statements.get()).as("read again once, then kept").isEqualTo(1);
    }

    /** With the cache, a new saga and its associations are one statement, and Axon's store reads them back alike. */
    @Test
    void a_new_saga_is_one_statement_and_reads_as_axons() throws Exception {
        JoinedReadSagaStore cached = joined.withCache(100);
        String started = UUID.randomUUID().toString();
        String startedOrder = UUID.randomUUID().toString();
        Set<AssociationValue> values =
                Set.of(new AssociationValue("orderId", startedOrder), new AssociationValue("customerId", "c-2"));

        statements.set(0);
        inTransaction(() -> {
            cached.insertSaga(Shipment.class, started, new Shipment("placed"), values);
            return null;
        });
        assertThat(statements.get()).isEqualTo(1);

        Read theirs = inUnitOfWork(() -> read(axons, new AssociationValue("orderId", startedOrder)));
        assertThat(theirs.ids()).containsExactly(started);
        assertThat(theirs.state()).isEqualTo("placed");
        assertThat(theirs.associations()).isEqualTo(values);
        statements.set(0);
        assertThat(inTransaction(() -> read(cached, new AssociationValue("customerId", "c-2")))
                        .state())
                .isEqualTo("placed");
        assertThat(statements.get())
                .as("the joined read (a set never read here), then the lock")
                .isEqualTo(2);
    }

    /** A write that rolls back leaves nothing in the cache that a later load would take for the saga. */
    @Test
    void a_cached_write_that_rolled_back_is_not_handed_out() throws Exception {
        JoinedReadSagaStore cached = joined.withCache(100);
        AssociationValue byOrder = new AssociationValue("orderId", order);
        AssociationValues unchanged = new AssociationValuesImpl(Set.of(byOrder));

        try {
            inTransaction(() -> {
                read(cached, byOrder);
                cached.updateSaga(Shipment.class, saga, new Shipment("rolled back"), unchanged);
                throw new IllegalStateException("the handler failed after the write");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        assertThat(inTransaction(() -> read(cached, byOrder)).state()).isEqualTo("reserved");
    }

    /** A saga that ended (deleted) on another node is not handed out from the cache. */
    @Test
    void a_cached_saga_deleted_elsewhere_loads_nothing() throws Exception {
        JoinedReadSagaStore cached = joined.withCache(100);
        AssociationValue byOrder = new AssociationValue("orderId", order);
        inTransaction(() -> read(cached, byOrder));
        transactions.executeInTransaction(() -> platformStore.deleteSaga(
                Shipment.class, saga, Set.of(byOrder, new AssociationValue("customerId", "c-1"))));

        assertThat(inTransaction(() -> cached.loadSaga(Shipment.class, saga))).isNull();
    }

    /**
     * The lock order of ADR 0022. The saga processor's batch finds a saga by its association and then loads it; a
     * deadline of that saga (db-scheduler's thread, no read ahead) loads it by id at the same moment. Axon's saga
     * repository takes its in-memory lock of the saga on every load, and the store its row lock: neither may be held
     * while waiting for the other, or each waits for the other until Axon's lock attempt gives up (60 s in the
     * platform, 5 s here). The batch loads only once the deadline holds the in-memory lock (it has loaded the saga, or
     * it waits in PostgreSQL for the row); both must then end without an error and the batch must read what the
     * deadline committed. The 30 s bound is no speed claim: the work takes milliseconds, and only a lock cycle lasts
     * until the lock attempt fails.
     */
    @Test
    void a_batch_that_found_a_saga_and_a_deadline_loading_it_do_not_wait_on_each_other() throws Exception {
        AnnotatedSagaRepository<Shipment> repository = AnnotatedSagaRepository.<Shipment>builder()
                .sagaType(Shipment.class)
                .sagaStore(platformStore)
                .lockFactory(
                        PessimisticLockFactory.builder().acquireAttempts(500).build()) // 500 x 10 ms
                .build();
        AssociationValue byOrder = new AssociationValue("orderId", order);
        CountDownLatch found = new CountDownLatch(1);
        AtomicBoolean deadlineLoaded = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> batch = threads.submit(() -> inTransaction(() -> {
                Set<String> ids = repository.find(byOrder);
                found.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> deadlineLoaded.get() || aSessionWaitsForARowLock());
                Saga<Shipment> loaded = repository.load(ids.iterator().next());
                return loaded.invoke(shipment -> shipment.state);
            }));
            Future<?> deadline = threads.submit(() -> {
                assertThat(found.await(30, TimeUnit.SECONDS)).isTrue();
                return inTransaction(() -> {
                    repository.load(saga).execute(shipment -> shipment.state = "timed out");
                    deadlineLoaded.set(true);
                    return null;
                });
            });

            await().atMost(Duration.ofSeconds(30)).until(() -> batch.isDone() && deadline.isDone());
            deadline.get();
            assertThat(batch.get()).isEqualTo("timed out");
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Axon keeps only the sagas of the batch's segment from what the find returns; those of other segments are never
     * loaded, so the find must not lock them (ADR 0022): with a row lock in the find the segments of the saga
     * processor locked each other's sagas, in different orders, and deadlocked.
     */
    @Test
    void finding_a_saga_locks_nothing_only_loading_it_does() throws Exception {
        AssociationValue byOrder = new AssociationValue("orderId", order);
        String lockNowait = "SELECT sagaid FROM sagaentry WHERE sagaid = ? FOR UPDATE NOWAIT";

        boolean[] lockableAfter = inTransaction(() -> {
            joined.findSagas(Shipment.class, byOrder);
            boolean afterFind = lockableElsewhere(lockNowait);
            joined.loadSaga(Shipment.class, saga);
            return new boolean[] {afterFind, lockableElsewhere(lockNowait)};
        });

        assertThat(lockableAfter[0])
                .as("lockable by another transaction after the find")
                .isTrue();
        assertThat(lockableAfter[1])
                .as("lockable by another transaction after the load")
                .isFalse();
    }

    /** Whether another connection (another thread, so outside this thread's transaction) gets the row lock at once. */
    private boolean lockableElsewhere(String lockNowait) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        jdbc.queryForObject(lockNowait, String.class, saga);
                        return true;
                    } catch (DataAccessException e) {
                        if (e.getMostSpecificCause() instanceof SQLException sql
                                && "55P03".equals(sql.getSQLState())) { // lock_not_available
                            return false;
                        }
                        throw e;
                    }
                })
                .get(30, TimeUnit.SECONDS);
    }

    private boolean aSessionWaitsForARowLock() {
        Integer waiting = jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                Integer.class);
        return waiting != null && waiting > 0;
    }

    private <T> T inTransaction(Callable<T> work) throws Exception {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        try {
            T result = work.call();
            unitOfWork.commit();
            return result;
        } catch (Exception e) {
            unitOfWork.rollback(e);
            throw e;
        }
    }

    private record Read(Set<String> ids, String state, Set<AssociationValue> associations) {}

    /** What Axon's saga repository does for an event: find by association, then load what it found. */
    private static Read read(SagaStore<Object> store, AssociationValue association) {
        Set<String> ids = store.findSagas(Shipment.class, association);
        SagaStore.Entry<Shipment> entry =
                store.loadSaga(Shipment.class, ids.iterator().next());
        return entry == null ? new Read(ids, null, null) : new Read(ids, entry.saga().state, entry.associationValues());
    }

    private static <T> T inUnitOfWork(Callable<T> work) throws Exception {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            T result = work.call();
            unitOfWork.commit();
            return result;
        } catch (Exception e) {
            unitOfWork.rollback(e);
            throw e;
        }
    }

    private Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        statements.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
