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
import java.util.function.Function;
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
 * transaction: one query for the current steps of the sagas touched, then one statement per kind of write (new
 * instances, steps, deadline rows set, deadline rows cleared, instance state), each carrying all its rows as arrays
 * that the statement unnests. A JDBC batch would be one round trip, but still one statement per row for the server
 * to parse, plan and execute; here the saga processor's whole batch of events (many sagas) costs at most six
 * statements of journal. Writes are coalesced where only the last one is visible: a saga's deadline rows, its state
 * and {@code updated_at}, and a step's row (its last status and detail in the unit of work; a step that ends the
 * unit of work in the status it started with is not written). Every step transition is still measured and traced.
 * Outside a unit of work an entry is written at once.
 */
public class JooqSagaJournal implements SagaJournal {

    private static final int MAX_TEXT = 1000;
    private static final String RESOURCE = JooqSagaJournal.class.getName();

    // Each write is ONE statement per unit of work, whatever the number of rows: the rows travel as arrays and
    // unnest() turns them back into rows (a JDBC batch is still one statement per row on the server).
    private static final String INSERT_INSTANCES = """
            insert into saga_instances (order_id, saga_id, customer_id, state, started_at, updated_at)
            select u.order_id, u.saga_id, u.customer_id, 'RUNNING', u.at, u.at
            from unnest(?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[]) as u(order_id, saga_id, customer_id, at)
            on conflict do nothing""";
    /** Inserts each step, or moves it to a new status; a repeat of its status changes nothing. */
    private static final String UPSERT_STEPS = """
            insert into saga_steps as s (order_id, name, status, started_at, at, detail, compensation)
            select * from unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                                 ?::boolean[])
            on conflict (order_id, name) do update
            set status = excluded.status, at = excluded.at, detail = coalesce(excluded.detail, s.detail)
            where s.status <> excluded.status""";

    private static final String UPSERT_DEADLINES = """
            insert into saga_deadlines (order_id, name, due_at)
            select * from unnest(?::uuid[], ?::text[], ?::timestamptz[])
            on conflict (order_id, name) do update set due_at = excluded.due_at""";
    private static final String DELETE_DEADLINES = """
            delete from saga_deadlines d using unnest(?::uuid[], ?::text[]) as u(order_id, name)
            where d.order_id = u.order_id and d.name = u.name""";
    private static final String UPDATE_INSTANCES = """
            update saga_instances i
            set updated_at = greatest(i.updated_at, u.at), state = coalesce(u.state, i.state),
                current_step = case when u.has_state then u.current_step else i.current_step end,
                last_error = coalesce(u.error, i.last_error)
            from unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::boolean[], ?::text[], ?::text[])
                 as u(order_id, at, state, has_state, current_step, error)
            where i.order_id = u.order_id""";
    private static final String RECOVERED = """
            update saga_instances
            set failed = false, failure_event_type = null, failure_at = null, failure_error = null,
                failure_payload = null, failure_payload_type = null, failure_message_id = null,
                failure_timestamp = null
            where order_id = any(?::uuid[])""";

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

    /**
     * One statement for all {@code rows}: each column's values are one array parameter (text, cast in the statement,
     * {@code null} kept), which the statement unnests back into rows.
     */
    @SafeVarargs
    private static <T> void write(
            Connection connection, String statement, Collection<T> rows, Function<T, ?>... columns)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(statement)) {
            for (int i = 0; i < columns.length; i++) {
                Function<T, ?> column = columns[i];
                String[] values = rows.stream()
                        .map(row -> {
                            Object value = column.apply(row);
                            return value == null ? null : value.toString();
                        })
                        .toArray(String[]::new);
                ps.setArray(i + 1, connection.createArrayOf("text", values));
            }
            ps.executeUpdate();
        }
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

    /** The write of one step in a flush: its last entry, when it started, its detail, its status before the flush. */
    private record StepWrite(StepEntry entry, OffsetDateTime startedAt, String detail, StepStatus before) {}

    private static StepStatus before(Known known) {
        return known == null ? null : known.status();
    }

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
            Map<StepKey, StepWrite> stepWrites = new LinkedHashMap<>();
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
                        // One row per step and statement: its last status, the last detail named, its first start.
                        StepWrite previous = stepWrites.get(key);
                        stepWrites.put(
                                key,
                                new StepWrite(
                                        s,
                                        startedAt,
                                        s.detail() != null || previous == null ? s.detail() : previous.detail(),
                                        previous == null ? before(known) : previous.before()));
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
            // One statement per kind of write, whatever the number of sagas and entries (see write).
            List<StepWrite> changedSteps = stepWrites.values().stream()
                    .filter(w -> w.entry().status() != w.before())
                    .toList();
            List<DeadlineEntry> due =
                    deadlines.values().stream().filter(d -> d.due() != null).toList();
            List<DeadlineEntry> cleared =
                    deadlines.values().stream().filter(d -> d.due() == null).toList();
            List<UUID> recovered = instances.entrySet().stream()
                    .filter(e -> e.getValue().recovered)
                    .map(Map.Entry::getKey)
                    .toList();
            sql.connection(connection -> {
                write(
                        connection,
                        INSERT_INSTANCES,
                        inserts,
                        Started::orderId,
                        Started::sagaId,
                        Started::customerId,
                        Started::at);
                write(
                        connection,
                        UPSERT_STEPS,
                        changedSteps,
                        w -> w.entry().orderId(),
                        w -> w.entry().step().name(),
                        w -> w.entry().status().name(),
                        StepWrite::startedAt,
                        w -> w.entry().at(),
                        StepWrite::detail,
                        w -> w.entry().step().compensation());
                write(
                        connection,
                        UPSERT_DEADLINES,
                        due,
                        DeadlineEntry::orderId,
                        DeadlineEntry::name,
                        DeadlineEntry::due);
                write(connection, DELETE_DEADLINES, cleared, DeadlineEntry::orderId, DeadlineEntry::name);
                write(
                        connection,
                        UPDATE_INSTANCES,
                        List.copyOf(instances.entrySet()),
                        Map.Entry::getKey,
                        e -> e.getValue().updatedAt,
                        e -> e.getValue().state == null
                                ? null
                                : e.getValue().state.state().name(),
                        e -> e.getValue().state != null,
                        e -> e.getValue().state == null || e.getValue().state.currentStep() == null
                                ? null
                                : e.getValue().state.currentStep().name(),
                        e -> e.getValue().error);
                write(connection, RECOVERED, recovered, id -> id);
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
