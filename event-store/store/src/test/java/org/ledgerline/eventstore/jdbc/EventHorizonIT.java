package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event processor's open transaction does not hold back what readers see; any other open transaction that holds a
 * transaction id still does (it might be about to append), and a processor's transaction cannot append.
 */
@LedgerlineIntegrationTest
class EventHorizonIT {

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TransactionManager axonTransactions;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ConnectionProvider connections;

    @Autowired
    JdbcTemplate jdbc;

    private final ExecutorService holder = Executors.newSingleThreadExecutor();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private CommitOrderedJdbcEventStorageEngine engine;

    @BeforeEach
    void engine() {
        engine = (CommitOrderedJdbcEventStorageEngine) storageEngine;
    }

    @AfterEach
    void releaseHolder() {
        release.countDown();
        holder.shutdownNow();
    }

    @Test
    void an_open_processor_transaction_does_not_hold_back_an_event_committed_after_it() throws Exception {
        TrackingToken head = storageEngine.createHeadToken();
        CompletableFuture<Void> processorBatch =
                holdOpen(new NonAppendingTransactionManager(axonTransactions, connections));
        String event = appendAndCommit();

        assertThat(readAfter(head)).containsExactly(event);
        release.countDown();
        processorBatch.get(30, TimeUnit.SECONDS);
    }

    @Test
    void an_open_transaction_that_may_append_holds_back_an_event_committed_after_it_until_it_ends() throws Exception {
        TrackingToken head = storageEngine.createHeadToken();
        CompletableFuture<Void> commandTransaction = holdOpen(axonTransactions);
        String event = appendAndCommit();

        assertThat(readAfter(head))
                .as("an older transaction might still append before it")
                .isEmpty();
        release.countDown();
        commandTransaction.get(30, TimeUnit.SECONDS);
        assertThat(readAfter(head)).containsExactly(event);
    }

    @Test
    void a_streaming_read_outside_a_transaction_runs_in_auto_commit_and_one_inside_a_transaction_joins_it()
            throws Exception {
        TrackingToken head = storageEngine.createHeadToken();
        String event = appendAndCommit();
        List<Boolean> autoCommit = new CopyOnWriteArrayList<>();
        ConnectionProvider recording = () -> {
            Connection connection = connections.getConnection();
            autoCommit.add(connection.getAutoCommit());
            return connection;
        };
        CommitOrderedJdbcEventStorageEngine reader = new CommitOrderedJdbcEventStorageEngine(
                JdbcEventStorageEngine.builder()
                        .eventSerializer(JacksonSerializer.defaultSerializer())
                        .snapshotSerializer(JacksonSerializer.defaultSerializer()),
                recording,
                axonTransactions,
                new EventSchema());

        assertThat(reader.fetchFinalEvents(head, 100).events())
                .extracting(e -> e.getIdentifier())
                .containsExactly(event);
        assertThat(autoCommit)
                .as("one statement, no BEGIN and COMMIT around it")
                .containsExactly(true);

        autoCommit.clear();
        new TransactionTemplate(transactions)
                .executeWithoutResult(status ->
                        assertThat(reader.fetchFinalEvents(head, 100).events()).hasSize(1));
        assertThat(autoCommit).as("joins the caller's transaction").containsExactly(false);
    }

    @Test
    void a_processor_transaction_cannot_append_events_and_writes_nothing() {
        TransactionManager processor = new NonAppendingTransactionManager(axonTransactions, connections);
        String aggregateId = "refused-" + UUID.randomUUID();

        assertThatThrownBy(() ->
                        processor.executeInTransaction(() -> storageEngine.appendEvents(new GenericDomainEventMessage<>(
                                "Probe", aggregateId, 0L, new EventHorizonIT.Probe(aggregateId)))))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("event processor's transaction");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, aggregateId))
                .isZero();
        // The declaration ended with its transaction: the same thread can append in a transaction of its own.
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> storageEngine.appendEvents(new GenericDomainEventMessage<>(
                        "Probe", aggregateId, 0L, new EventHorizonIT.Probe(aggregateId))));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, aggregateId))
                .isEqualTo(1);
    }

    @Test
    void a_reader_does_not_make_a_processor_that_is_declaring_wait_for_it() throws Exception {
        TrackingToken head = storageEngine.createHeadToken();
        DataSource dataSource = jdbc.getDataSource();
        try (Connection processor = dataSource.getConnection();
                Connection reader = dataSource.getConnection()) {
            processor.setAutoCommit(false);
            reader.setAutoCommit(false);
            // The processor's transaction has its id but has not declared yet, and a later one committed an event:
            // the reader counts the processor as a possible appender (its try on that id's lock succeeds).
            long processorId = queryLong(processor, "SELECT pg_current_xact_id()::text::bigint");
            String event = appendAndCommit();
            assertThat(queryLong(reader, "SELECT " + EventHorizon.SQL)).isEqualTo(processorId);
            // The reader's transaction stays open; the declaration must not wait for it.
            try (Statement statement = processor.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '5s'");
                statement.execute(EventHorizon.DECLARE_NON_APPENDING);
            }
            assertThat(queryLong(reader, "SELECT " + EventHorizon.SQL))
                    .as("declared now, it no longer holds the horizon back")
                    .isGreaterThan(processorId);
            assertThat(readAfter(head)).containsExactly(event);
            processor.commit();
            reader.commit();
        }
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getLong(1);
        }
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
        String aggregateId = "horizon-" + UUID.randomUUID();
        var event = new GenericDomainEventMessage<>("Probe", aggregateId, 0L, new Probe(aggregateId));
        new TransactionTemplate(transactions).executeWithoutResult(status -> storageEngine.appendEvents(event));
        return event.getIdentifier();
    }

    private List<String> readAfter(TrackingToken token) {
        return engine.fetchFinalEvents(token, 100).events().stream()
                .map(e -> e.getIdentifier())
                .toList();
    }

    record Probe(String id) {}
}
