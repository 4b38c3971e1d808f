package org.ledgerline.saga.journal;

import static org.ledgerline.saga.jooq.Tables.SAGA_STEPS;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.api.StepStatus;
import org.ledgerline.saga.order.SagaJournal;

/**
 * Writes the saga read model with jOOQ on the caller's transaction: the saga processor's (or the deadline's) unit
 * of work, which also stores the saga's state. Each finished step is a span (from its start to its outcome, with
 * {@code ledgerline.order.id}) and a timer sample.
 *
 * <p>Entries are collected per (root) unit of work and written when it prepares its commit, still inside its
 * transaction: one query for the current steps of the sagas touched and one JDBC batch (a single round trip) for
 * every write, instead of one round trip per entry. The saga processor handles a whole batch of events in one unit
 * of work, so a batch of sagas costs two round trips for its journal. Writes per saga are coalesced where only the
 * last one is visible (its deadline rows, its state and {@code updated_at}); every step transition is still
 * written and measured. Outside a unit of work an entry is written at once.
 */
public class JooqSagaJournal implements SagaJournal {

    private static final int MAX_TEXT = 1000;
    private static final String RESOURCE = JooqSagaJournal.class.getName();

    private static final String INSERT_INSTANCE = """
            insert into saga_instances (order_id, saga_id, customer_id, state, started_at, updated_at)
            values (?, ?, ?, ?, ?, ?) on conflict do nothing""";
    /** Inserts the step, or moves it to a new status; a repeat of its status changes nothing. */
    private static final String UPSERT_STEP = """
            insert into saga_steps as s (order_id, name, status, started_at, at, detail, compensation)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (order_id, name) do update
            set status = excluded.status, at = excluded.at, detail = coalesce(excluded.detail, s.detail)
            where s.status <> excluded.status""";

    private static final String UPSERT_DEADLINE = """
            insert into saga_deadlines (order_id, name, due_at) values (?, ?, ?)
            on conflict (order_id, name) do update set due_at = excluded.due_at""";
    private static final String DELETE_DEADLINE = "delete from saga_deadlines where order_id = ? and name = ?";
    private static final String UPDATE_INSTANCE = """
            update saga_instances
            set updated_at = greatest(updated_at, ?), state = coalesce(?, state),
                current_step = case when ? then ? else current_step end, last_error = coalesce(?, last_error)
            where order_id = ?""";
    private static final String RECOVERED = """
            update saga_instances
            set failed = false, failure_event_type = null, failure_at = null, failure_error = null,
                failure_payload = null, failure_payload_type = null, failure_message_id = null,
                failure_timestamp = null
            where order_id = ?""";

    private final DSLContext sql;
    private final Clock clock;
    private final SagaMetrics metrics;
    private final SagaChanges changes;
    private final Tracer tracer;

    public JooqSagaJournal(DSLContext sql, Clock clock, SagaMetrics metrics, SagaChanges changes, Tracer tracer) {
        this.sql = sql;
        this.clock = clock;
        this.metrics = metrics;
        this.changes = changes;
        this.tracer = tracer;
    }

    @Override
    public void started(String sagaId, UUID orderId, UUID customerId) {
        record(new Started(sagaId, orderId, customerId, now()));
        changes.changed(orderId);
    }

    @Override
    public void step(UUID orderId, SagaStep step, StepStatus status, String detail) {
        // The handler's trace context goes with the entry: the span is made at commit, outside the handler.
        record(new StepEntry(orderId, step, status, clip(detail), now(), Context.current()));
    }

    @Override
    public void state(UUID orderId, SagaState state, SagaStep currentStep, String error) {
        record(new StateEntry(orderId, state, currentStep, clip(error), now()));
        if (state == SagaState.COMPENSATING && error != null) {
            // Only the start of a compensation names its cause; later COMPENSATING updates (retries) do not.
            metrics.compensationStarted();
        }
        changes.changed(orderId);
    }

    @Override
    public void deadline(UUID orderId, String name, Duration dueIn) {
        record(new DeadlineEntry(orderId, name, now().plus(dueIn)));
    }

    @Override
    public void deadlineCleared(UUID orderId, String name) {
        record(new DeadlineEntry(orderId, name, null));
    }

    @Override
    public void recovered(UUID orderId) {
        record(new Recovered(orderId, now()));
        changes.changed(orderId);
    }

    /**
     * Writes what this unit of work collected so far; {@link SagaFailures} calls it before it marks a saga failed,
     * so the failure is written after what the handler journaled before it threw, as it would be without batching.
     */
    static void flushPending() {
        if (CurrentUnitOfWork.isStarted()) {
            Pending pending = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (pending != null) {
                pending.flush();
            }
        }
    }

    private void record(Entry entry) {
        if (!CurrentUnitOfWork.isStarted()) {
            Pending now = new Pending();
            now.entries.add(entry);
            now.flush();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (root.phase().isAfter(UnitOfWork.Phase.STARTED)) {
            // Called while the unit of work already commits (another prepare-commit handler): write at once.
            Pending now = new Pending();
            now.entries.add(entry);
            now.flush();
            return;
        }
        Pending pending = root.getOrComputeResource(RESOURCE, key -> {
            Pending created = new Pending();
            root.onPrepareCommit(unitOfWork -> created.flush());
            return created;
        });
        pending.entries.add(entry);
    }

    private static <T> void batch(Connection connection, String statement, Collection<T> rows, SqlBinder<T> binder)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(statement)) {
            if (rows.size() == 1) {
                binder.bind(ps, rows.iterator().next());
                ps.executeUpdate();
                return;
            }
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @FunctionalInterface
    private interface SqlBinder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    private sealed interface Entry permits Started, StepEntry, StateEntry, DeadlineEntry, Recovered {
        UUID orderId();
    }

    private record Started(String sagaId, UUID orderId, UUID customerId, OffsetDateTime at) implements Entry {}

    private record StepEntry(
            UUID orderId, SagaStep step, StepStatus status, String detail, OffsetDateTime at, Context context)
            implements Entry {}

    private record StateEntry(UUID orderId, SagaState state, SagaStep currentStep, String error, OffsetDateTime at)
            implements Entry {}

    /** {@code due} null: the deadline was cleared. */
    private record DeadlineEntry(UUID orderId, String name, OffsetDateTime due) implements Entry {}

    private record Recovered(UUID orderId, OffsetDateTime at) implements Entry {}

    private record StepKey(UUID orderId, SagaStep step) {}

    private record Known(StepStatus status, OffsetDateTime startedAt) {}

    private record Finished(StepEntry entry, OffsetDateTime startedAt) {}

    /** What one saga's instance row becomes: the last state entry, the last error named, the latest time. */
    private static final class InstanceUpdate {
        StateEntry state;
        String error;
        boolean recovered;
        OffsetDateTime updatedAt;

        void at(OffsetDateTime at) {
            if (updatedAt == null || at.isAfter(updatedAt)) {
                updatedAt = at;
            }
        }
    }

    /** The entries of one unit of work, in call order. */
    private final class Pending {

        final List<Entry> entries = new ArrayList<>();

        void flush() {
            if (entries.isEmpty()) {
                return;
            }
            List<Entry> batch = List.copyOf(entries);
            entries.clear();
            Map<StepKey, Known> steps = currentSteps(batch);
            List<Started> inserts = new ArrayList<>();
            List<StepEntry> stepWrites = new ArrayList<>();
            List<Finished> finished = new ArrayList<>();
            Map<List<Object>, DeadlineEntry> deadlines = new LinkedHashMap<>();
            Map<UUID, InstanceUpdate> instances = new LinkedHashMap<>();
            for (Entry entry : batch) {
                switch (entry) {
                    case Started s -> inserts.add(s);
                    case StepEntry s -> {
                        StepKey key = new StepKey(s.orderId(), s.step());
                        Known known = steps.get(key);
                        if (known != null && known.status() == s.status()) {
                            continue; // a repeat of its status changes nothing, as the upsert's WHERE says
                        }
                        OffsetDateTime startedAt = known == null ? s.at() : known.startedAt();
                        steps.put(key, new Known(s.status(), startedAt));
                        stepWrites.add(s);
                        instances
                                .computeIfAbsent(s.orderId(), id -> new InstanceUpdate())
                                .at(s.at());
                        if (s.status() != StepStatus.PENDING) {
                            finished.add(new Finished(s, startedAt));
                        }
                    }
                    case StateEntry s -> {
                        InstanceUpdate update = instances.computeIfAbsent(s.orderId(), id -> new InstanceUpdate());
                        update.state = s;
                        if (s.error() != null) {
                            update.error = s.error();
                        }
                        update.at(s.at());
                    }
                    case DeadlineEntry d -> deadlines.put(List.of(d.orderId(), d.name()), d);
                    case Recovered r -> {
                        InstanceUpdate update = instances.computeIfAbsent(r.orderId(), id -> new InstanceUpdate());
                        update.recovered = true;
                        update.at(r.at());
                    }
                }
            }
            // Plain JDBC batches, one per statement: each is one round trip, and nothing is rendered per entry.
            sql.connection(connection -> {
                batch(connection, INSERT_INSTANCE, inserts, (ps, s) -> {
                    ps.setObject(1, s.orderId());
                    ps.setString(2, s.sagaId());
                    ps.setObject(3, s.customerId());
                    ps.setString(4, SagaState.RUNNING.name());
                    ps.setObject(5, s.at());
                    ps.setObject(6, s.at());
                });
                batch(connection, UPSERT_STEP, stepWrites, (ps, s) -> {
                    ps.setObject(1, s.orderId());
                    ps.setString(2, s.step().name());
                    ps.setString(3, s.status().name());
                    ps.setObject(4, s.at());
                    ps.setObject(5, s.at());
                    ps.setString(6, s.detail());
                    ps.setBoolean(7, s.step().compensation());
                });
                batch(
                        connection,
                        UPSERT_DEADLINE,
                        deadlines.values().stream().filter(d -> d.due() != null).toList(),
                        (ps, d) -> {
                            ps.setObject(1, d.orderId());
                            ps.setString(2, d.name());
                            ps.setObject(3, d.due());
                        });
                batch(
                        connection,
                        DELETE_DEADLINE,
                        deadlines.values().stream().filter(d -> d.due() == null).toList(),
                        (ps, d) -> {
                            ps.setObject(1, d.orderId());
                            ps.setString(2, d.name());
                        });
                batch(connection, UPDATE_INSTANCE, List.copyOf(instances.entrySet()), (ps, e) -> {
                    InstanceUpdate u = e.getValue();
                    ps.setObject(1, u.updatedAt);
                    ps.setString(2, u.state == null ? null : u.state.state().name());
                    ps.setBoolean(3, u.state != null);
                    ps.setString(
                            4,
                            u.state == null || u.state.currentStep() == null
                                    ? null
                                    : u.state.currentStep().name());
                    ps.setString(5, u.error);
                    ps.setObject(6, e.getKey());
                });
                batch(
                        connection,
                        RECOVERED,
                        instances.entrySet().stream()
                                .filter(e -> e.getValue().recovered)
                                .map(Map.Entry::getKey)
                                .toList(),
                        (ps, orderId) -> ps.setObject(1, orderId));
            });
            finished.forEach(this::measure);
        }

        /** The steps of the sagas these entries touch, as they are now. */
        private Map<StepKey, Known> currentSteps(List<Entry> batch) {
            Set<UUID> orders = new LinkedHashSet<>();
            for (Entry entry : batch) {
                if (entry instanceof StepEntry s) {
                    orders.add(s.orderId());
                }
            }
            Map<StepKey, Known> steps = new HashMap<>();
            if (orders.isEmpty()) {
                return steps;
            }
            for (Record row : sql.select(SAGA_STEPS.ORDER_ID, SAGA_STEPS.NAME, SAGA_STEPS.STATUS, SAGA_STEPS.STARTED_AT)
                    .from(SAGA_STEPS)
                    .where(SAGA_STEPS.ORDER_ID.in(orders))
                    .fetch()) {
                steps.put(
                        new StepKey(row.get(SAGA_STEPS.ORDER_ID), SagaStep.valueOf(row.get(SAGA_STEPS.NAME))),
                        new Known(StepStatus.valueOf(row.get(SAGA_STEPS.STATUS)), row.get(SAGA_STEPS.STARTED_AT)));
            }
            return steps;
        }

        private void measure(Finished f) {
            StepEntry s = f.entry();
            metrics.stepFinished(s.step(), s.status(), Duration.between(f.startedAt(), s.at()));
            Span span = tracer.spanBuilder("saga " + s.step().name())
                    .setParent(s.context())
                    .setStartTimestamp(f.startedAt().toInstant())
                    .setAttribute("ledgerline.order.id", s.orderId().toString())
                    .setAttribute("ledgerline.saga.step", s.step().name())
                    .setAttribute("ledgerline.saga.step.status", s.status().name())
                    .startSpan();
            span.end(s.at().toInstant());
        }
    }
}
