package org.ledgerline.eventstore.jdbc;

import static org.axonframework.common.jdbc.JdbcUtils.executeQuery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.ledgerline.eventstore.CommandAppends;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.PrefetchingEventSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's JDBC storage engine on PostgreSQL, with streaming reads in commit order instead of global-index order.
 *
 * <p>A {@code globalindex} is taken from a sequence when a row is inserted but becomes visible when its transaction
 * commits, so a reader walking the global index can pass a gap that a slower transaction fills later. Axon's
 * {@code GapAwareTrackingToken} remembers such gaps for a while and then gives up on them. This engine never has to:
 * each row records the id of the transaction that wrote it ({@code tx_id}, defaulting to
 * {@code pg_current_xact_id()} plus the store's offset, {@link CommitOrderOffset}), and a reader only reads rows whose transaction is older than the oldest transaction
 * still in progress ({@code pg_snapshot_xmin(pg_current_snapshot())}). Everything below that horizon is final, so
 * reading it in {@code (tx_id, globalindex)} order and remembering the last pair never skips an event and never sees
 * one twice. The price: an open transaction that may append events holds back what readers see until it ends;
 * event processors' transactions say they append none and do not ({@link EventHorizon}).
 */
public class CommitOrderedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    private final ConnectionProvider connectionProvider;
    private final TransactionManager transactionManager;
    private final EventSchema schema;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private final CommitSignal commits = new CommitSignal();

    public CommitOrderedJdbcEventStorageEngine(
            JdbcEventStorageEngine.Builder builder,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema schema) {
        this(builder, connectionProvider, transactionManager, schema, OpenTelemetry.noop(), new SimpleMeterRegistry());
    }

    public CommitOrderedJdbcEventStorageEngine(
            JdbcEventStorageEngine.Builder builder,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema schema,
            OpenTelemetry openTelemetry,
            MeterRegistry meters) {
        super(builder.connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema));
        this.connectionProvider = connectionProvider;
        this.transactionManager = transactionManager;
        this.schema = schema;
        this.tracer = openTelemetry.getTracer("org.ledgerline.eventstore");
        this.meters = meters;
    }

    /**
     * The insert of a command's events, as a {@code db} client span under the command's span, and counted by event
     * type ({@code ledgerline.events.appended}; counted when the insert ran, so a later rollback still counts).
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        if (NonAppendingTransactionManager.currentTransactionIsNonAppending()) {
            // Readers do not wait for this transaction, so they could pass its events for good.
            throw new EventStoreException("Events cannot be appended in an event processor's transaction, which "
                    + "readers do not wait for; publish them from a command handler");
        }
        EventMessage<?> first = events.get(0);
        String table = schema.domainEventTable().toLowerCase(Locale.ROOT); // as PostgreSQL folds it
        Span span = tracer.spanBuilder("INSERT " + table)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system.name", "postgresql")
                .setAttribute("db.operation.name", "INSERT")
                .setAttribute("db.collection.name", table)
                .setAttribute("db.operation.batch.size", (long) events.size())
                .setAttribute("ledgerline.event.type", first.getPayloadType().getSimpleName())
                .startSpan();
        if (first instanceof DomainEventMessage<?> domain) {
            span.setAttribute("ledgerline.aggregate.id", domain.getAggregateIdentifier());
        }
        try (Scope ignored = span.makeCurrent()) {
            insert(events, serializer);
            for (EventMessage<?> event : events) {
                meters.counter(
                                "ledgerline.events.appended",
                                "type",
                                event.getPayloadType().getSimpleName())
                        .increment();
            }
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
        signalAfterCommit();
    }

    /**
     * Wakes this JVM's streaming readers at the head once the appended events are durable: after the commit of the
     * Spring transaction the append joined, or now when the append ran (and committed) in a transaction of its own.
     * A rolled-back transaction wakes them too; they then read nothing new, which costs one read.
     */
    private void signalAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    commits.signal();
                }
            });
        } else {
            commits.signal();
        }
    }

    /** The commits of this JVM that appended events, for readers that wait at the head of the stream. */
    public CommitSignal commits() {
        return commits;
    }

    /**
     * Axon's insert (the same columns and values, one batch), with {@code RETURNING globalindex}: the positions the
     * command's answer needs come back with the insert ({@link CommandAppends}) instead of being read after the
     * commit. A duplicate (aggregate, sequence) — a concurrent command or a stale cached aggregate — is Axon's
     * {@code ConcurrencyException}, as before.
     */
    private void insert(List<? extends EventMessage<?>> events, Serializer serializer) {
        String sql = "INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields()
                + ") VALUES (?,?,?,?,?,?,?,?,?)";
        // The driver quotes the names it is given for RETURNING: as PostgreSQL folded the unquoted column name.
        String globalIndex = schema.globalIndexColumn().toLowerCase(Locale.ROOT);
        transactionManager.executeInTransaction(() -> {
            List<DomainEventMessage<?>> domainEvents = new ArrayList<>(events.size());
            long[] positions = new long[events.size()];
            try (Connection connection = connection();
                    PreparedStatement statement = connection.prepareStatement(sql, new String[] {globalIndex})) {
                for (EventMessage<?> event : events) {
                    DomainEventMessage<?> domain = asDomainEvent(event);
                    domainEvents.add(domain);
                    SerializedObject<byte[]> payload = domain.serializePayload(serializer, byte[].class);
                    SerializedObject<byte[]> metaData = domain.serializeMetaData(serializer, byte[].class);
                    statement.setString(1, domain.getIdentifier());
                    statement.setString(2, domain.getAggregateIdentifier());
                    statement.setLong(3, domain.getSequenceNumber());
                    statement.setString(4, domain.getType());
                    writeTimestamp(statement, 5, domain.getTimestamp());
                    statement.setString(6, payload.getType().getName());
                    statement.setString(7, payload.getType().getRevision());
                    statement.setBytes(8, payload.getData());
                    statement.setBytes(9, metaData.getData());
                    statement.addBatch();
                }
                statement.executeBatch();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    for (int i = 0; i < positions.length && keys.next(); i++) {
                        positions[i] = keys.getLong(1);
                    }
                }
            } catch (SQLException e) {
                handlePersistenceException(e, events.get(0));
                return;
            }
            for (int i = 0; i < positions.length; i++) {
                DomainEventMessage<?> domain = domainEvents.get(i);
                if (domain.getType() != null && positions[i] > 0) {
                    CommandAppends.record(
                            domain.getAggregateIdentifier(),
                            domain.getPayload(),
                            positions[i],
                            domain.getSequenceNumber());
                }
            }
        });
    }

    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        // As Axon's statement: an event without an aggregate is stored under its own id at sequence 0.
        return event instanceof DomainEventMessage<?> domain
                ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        CommitOrderTrackingToken from = toCommitOrderToken(lastToken);
        String sql = "SELECT " + schema.trackedEventFields() + ", tx_id FROM " + schema.domainEventTable()
                + " WHERE (tx_id, " + schema.globalIndexColumn() + ") > (?, ?)"
                + " AND tx_id < " + EventHorizon.SQL
                + " ORDER BY tx_id, " + schema.globalIndexColumn() + " LIMIT ?";
        // One statement, horizon and rows from the same snapshot, so it needs no transaction of its own: outside one
        // it runs on a connection in auto-commit (one round trip instead of BEGIN, SELECT, COMMIT; at 1,000 appends/s
        // the embedded store's reader made some 400 of these reads a second); inside one, it joins it, as before.
        return executeQuery(
                connection(),
                connection -> {
                    PreparedStatement statement = connection.prepareStatement(sql);
                    statement.setLong(1, from.transactionId());
                    statement.setLong(2, from.globalIndex());
                    statement.setInt(3, batchSize);
                    return statement;
                },
                resultSet -> {
                    List<TrackedEventData<?>> events = new ArrayList<>(batchSize);
                    while (resultSet.next()) {
                        events.add(trackedEvent(resultSet));
                    }
                    return events;
                },
                e -> new EventStoreException("Failed to read events after " + from, e));
    }

    /**
     * One read of up to {@code fetchSize} final events after {@code after}, upcast, for bulk readers that want larger
     * reads than the streaming readers' global batch size (a rebuild's {@link PrefetchingEventSource}).
     * {@link FetchedEvents#last()} is the position of the last row read, which an upcaster may have dropped; it is
     * {@code null} when nothing was there to read.
     */
    public FetchedEvents fetchFinalEvents(TrackingToken after, int fetchSize) {
        List<? extends TrackedEventData<?>> rows = fetchTrackedEvents(after, fetchSize);
        if (rows.isEmpty()) {
            return new FetchedEvents(List.of(), null);
        }
        List<TrackedEventMessage<?>> events = EventUtils.upcastAndDeserializeTrackedEvents(
                        rows.stream(), getEventSerializer(), upcasterChain)
                .toList();
        return new FetchedEvents(events, rows.get(rows.size() - 1).trackingToken());
    }

    /** The events of one bulk read and the position after which the next read starts. */
    public record FetchedEvents(List<TrackedEventMessage<?>> events, TrackingToken last) {}

    @Override
    public TrackingToken createTailToken() {
        return CommitOrderTrackingToken.TAIL;
    }

    @Override
    public TrackingToken createHeadToken() {
        String sql = "SELECT tx_id, " + schema.globalIndexColumn() + " FROM " + schema.domainEventTable()
                + " WHERE tx_id < " + EventHorizon.SQL
                + " ORDER BY tx_id DESC, " + schema.globalIndexColumn() + " DESC LIMIT 1";
        return transactionManager.fetchInTransaction(() -> executeQuery(
                connection(),
                connection -> connection.prepareStatement(sql),
                this::tokenOrTail,
                e -> new EventStoreException("Failed to read the head of the event stream", e)));
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        // The token just before the first final event at or after the given time: reading from it yields that event.
        String sql = "SELECT tx_id, " + schema.globalIndexColumn() + " - 1 FROM " + schema.domainEventTable()
                + " WHERE " + schema.timestampColumn() + " >= ? AND tx_id < " + EventHorizon.SQL
                + " ORDER BY tx_id, " + schema.globalIndexColumn() + " LIMIT 1";
        TrackingToken token = transactionManager.fetchInTransaction(() -> executeQuery(
                connection(),
                connection -> {
                    PreparedStatement statement = connection.prepareStatement(sql);
                    statement.setString(1, DateTimeUtils.formatInstant(dateTime));
                    return statement;
                },
                resultSet -> resultSet.next() ? readToken(resultSet) : null,
                e -> new EventStoreException("Failed to find the position at " + dateTime, e)));
        return token != null ? token : createHeadToken();
    }

    private CommitOrderTrackingToken tokenOrTail(ResultSet resultSet) throws SQLException {
        return resultSet.next() ? readToken(resultSet) : CommitOrderTrackingToken.TAIL;
    }

    private static CommitOrderTrackingToken readToken(ResultSet resultSet) throws SQLException {
        return new CommitOrderTrackingToken(resultSet.getLong(1), resultSet.getLong(2));
    }

    private TrackedEventData<?> trackedEvent(ResultSet resultSet) throws SQLException {
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        GenericDomainEventEntry<?> event = new GenericDomainEventEntry<>(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                readTimeStamp(resultSet, schema.timestampColumn()),
                resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));
        CommitOrderTrackingToken token =
                new CommitOrderTrackingToken(resultSet.getLong("tx_id"), resultSet.getLong(schema.globalIndexColumn()));
        return new TrackedDomainEventData<>(token, event);
    }

    private static CommitOrderTrackingToken toCommitOrderToken(TrackingToken token) {
        if (token == null) {
            return CommitOrderTrackingToken.TAIL;
        }
        if (token instanceof CommitOrderTrackingToken commitOrderToken) {
            return commitOrderToken;
        }
        throw new IllegalArgumentException("This event store reads with CommitOrderTrackingToken, not " + token
                + ". A token store written by another event store engine must be reset.");
    }

    private Connection connection() {
        try {
            return connectionProvider.getConnection();
        } catch (SQLException e) {
            throw new EventStoreException("Failed to obtain a database connection", e);
        }
    }
}
