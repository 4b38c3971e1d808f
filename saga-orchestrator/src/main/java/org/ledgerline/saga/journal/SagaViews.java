package org.ledgerline.saga.journal;

import static org.ledgerline.saga.jooq.Tables.SAGA_DEADLINES;
import static org.ledgerline.saga.jooq.Tables.SAGA_INSTANCES;
import static org.ledgerline.saga.jooq.Tables.SAGA_STEPS;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.jooq.tables.records.SagaInstancesRecord;

/**
 * Reads the saga read model. FAILED, CONTRADICTED and STUCK are judged here, in that order: FAILED is a kept failure,
 * CONTRADICTED a contradiction the consistency check found ({@link SagaContradictions}) in a saga that has not
 * changed since, STUCK a RUNNING or COMPENSATING saga without progress for longer than {@code stuckAfter} (a
 * confirmed order waiting for shipment is never stuck: it waits for an operator).
 */
public class SagaViews {

    private static final String SEPARATOR = "\u001f";

    private final DSLContext sql;
    private final Clock clock;
    private final Duration stuckAfter;

    public SagaViews(DSLContext sql, Clock clock, Duration stuckAfter) {
        this.sql = sql;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
    }

    public SagaPage list(SagaState state, Duration olderThan, String cursor, int limit) {
        Condition where = DSL.trueCondition();
        if (state != null) {
            where = where.and(inState(state));
        }
        if (olderThan != null) {
            where = where.and(SAGA_INSTANCES.STARTED_AT.lt(now().minus(olderThan)));
        }
        if (cursor != null) {
            String[] key = decode(cursor);
            where = where.and(DSL.row(SAGA_INSTANCES.STARTED_AT, SAGA_INSTANCES.SAGA_ID)
                    .lt(OffsetDateTime.ofInstant(Instant.parse(key[0]), ZoneOffset.UTC), key[1]));
        }
        List<SagaSummary> rows = sql.select(SAGA_INSTANCES.asterisk(), effectiveState())
                .from(SAGA_INSTANCES)
                .where(where)
                .orderBy(SAGA_INSTANCES.STARTED_AT.desc(), SAGA_INSTANCES.SAGA_ID.desc())
                .limit(limit + 1)
                .fetch(this::summary);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            SagaSummary last = rows.getLast();
            next = encode(last.startedAt().toString(), last.sagaId());
        }
        return new SagaPage(List.copyOf(rows), next);
    }

    public Map<SagaState, Long> counts() {
        Map<SagaState, Long> counts = new EnumMap<>(SagaState.class);
        for (SagaState state : SagaState.values()) {
            counts.put(state, 0L);
        }
        Field<String> state = effectiveState();
        sql.select(state, DSL.count())
                .from(SAGA_INSTANCES)
                .groupBy(state)
                .fetch()
                .forEach(row ->
                        counts.put(SagaState.valueOf(row.value1()), row.value2().longValue()));
        return counts;
    }

    public Optional<SagaDetail> find(String sagaId) {
        Record row = sql.select(SAGA_INSTANCES.asterisk(), effectiveState())
                .from(SAGA_INSTANCES)
                .where(SAGA_INSTANCES.SAGA_ID.eq(sagaId))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        SagaSummary summary = summary(row);
        SagaInstancesRecord instance = row.into(SAGA_INSTANCES);
        SagaDetail.Failure failure = Boolean.TRUE.equals(instance.getFailed())
                ? new SagaDetail.Failure(
                        instance.getFailureEventType(), instant(instance.getFailureAt()), instance.getFailureError())
                : null;
        List<SagaDetail.Step> steps = sql.selectFrom(SAGA_STEPS)
                .where(SAGA_STEPS.ORDER_ID.eq(summary.orderId()))
                .orderBy(SAGA_STEPS.STEP_NO)
                .fetch(step -> new SagaDetail.Step(
                        step.getName(),
                        step.getStatus(),
                        instant(step.getAt()),
                        step.getDetail(),
                        step.getCompensation()));
        List<SagaDetail.Deadline> deadlines = sql.selectFrom(SAGA_DEADLINES)
                .where(SAGA_DEADLINES.ORDER_ID.eq(summary.orderId()))
                .orderBy(SAGA_DEADLINES.DUE_AT)
                .fetch(d -> new SagaDetail.Deadline(d.getName(), instant(d.getDueAt())));
        return Optional.of(new SagaDetail(
                summary.sagaId(),
                summary.orderId(),
                summary.customerId(),
                summary.state(),
                summary.currentStep(),
                summary.startedAt(),
                summary.updatedAt(),
                summary.lastError(),
                summary.contradiction(),
                failure,
                steps,
                deadlines));
    }

    public List<SagaSummary> summaries(Collection<UUID> orderIds) {
        return sql.select(SAGA_INSTANCES.asterisk(), effectiveState())
                .from(SAGA_INSTANCES)
                .where(SAGA_INSTANCES.ORDER_ID.in(orderIds))
                .fetch(this::summary);
    }

    public Optional<SagaSummary> byOrder(UUID orderId) {
        return summaries(List.of(orderId)).stream().findFirst();
    }

    /** The ids of every saga now in {@code state}, oldest first, at most {@code max}. */
    public List<String> idsInState(SagaState state, int max) {
        return sql.select(SAGA_INSTANCES.SAGA_ID)
                .from(SAGA_INSTANCES)
                .where(inState(state))
                .orderBy(SAGA_INSTANCES.STARTED_AT)
                .limit(max)
                .fetch(SAGA_INSTANCES.SAGA_ID);
    }

    public Optional<KeptFailure> keptFailure(String sagaId) {
        return sql.selectFrom(SAGA_INSTANCES)
                .where(
                        SAGA_INSTANCES.SAGA_ID.eq(sagaId),
                        SAGA_INSTANCES.FAILED.isTrue(),
                        SAGA_INSTANCES.FAILURE_PAYLOAD.isNotNull())
                .fetchOptional(r -> new KeptFailure(
                        r.getFailureMessageId(),
                        r.getFailurePayloadType(),
                        r.getFailurePayload(),
                        instant(r.getFailureTimestamp())));
    }

    private Condition inState(SagaState state) {
        Condition notFailed = SAGA_INSTANCES.FAILED.isFalse();
        return switch (state) {
            case FAILED -> SAGA_INSTANCES.FAILED.isTrue();
            case CONTRADICTED -> notFailed.and(contradicted());
            case STUCK -> notFailed.and(DSL.not(contradicted())).and(stuck());
            case RUNNING, COMPENSATING ->
                notFailed
                        .and(SAGA_INSTANCES.STATE.eq(state.name()))
                        .and(DSL.not(contradicted()))
                        .and(DSL.not(stuck()));
            case COMPLETED, COMPENSATED ->
                notFailed.and(SAGA_INSTANCES.STATE.eq(state.name())).and(DSL.not(contradicted()));
        };
    }

    /** Found by the consistency check, and the saga has not changed since (a change of its own is judged anew). */
    private static Condition contradicted() {
        return SAGA_INSTANCES.CONTRADICTION.isNotNull().and(SAGA_INSTANCES.CHECKED_AT.ge(SAGA_INSTANCES.UPDATED_AT));
    }

    private Condition stuck() {
        return SAGA_INSTANCES
                .STATE
                .in(SagaState.RUNNING.name(), SagaState.COMPENSATING.name())
                .and(SAGA_INSTANCES.CURRENT_STEP.isDistinctFrom(SagaStep.AWAIT_SHIPMENT.name()))
                .and(SAGA_INSTANCES.UPDATED_AT.lt(now().minus(stuckAfter)));
    }

    private Field<String> effectiveState() {
        return DSL.when(SAGA_INSTANCES.FAILED.isTrue(), DSL.inline(SagaState.FAILED.name()))
                .when(contradicted(), DSL.inline(SagaState.CONTRADICTED.name()))
                .when(stuck(), DSL.inline(SagaState.STUCK.name()))
                .otherwise(SAGA_INSTANCES.STATE)
                .as("effective_state");
    }

    private SagaSummary summary(Record row) {
        SagaInstancesRecord r = row.into(SAGA_INSTANCES);
        SagaState state = SagaState.valueOf(row.get("effective_state", String.class));
        SagaSummary.Contradiction contradiction = state == SagaState.CONTRADICTED
                ? new SagaSummary.Contradiction(SagaState.valueOf(r.getState()), r.getContradiction())
                : null;
        return new SagaSummary(
                r.getSagaId(),
                r.getOrderId(),
                r.getCustomerId(),
                state,
                r.getCurrentStep(),
                instant(r.getStartedAt()),
                instant(r.getUpdatedAt()),
                r.getLastError(),
                contradiction);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static String encode(String... key) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join(SEPARATOR, key).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] key =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(SEPARATOR, -1);
            if (key.length != 2) {
                throw new IllegalArgumentException("wrong cursor shape");
            }
            Instant.parse(key[0]);
            return key;
        } catch (RuntimeException e) {
            throw new InvalidCommandException("cursor is not one this API returned");
        }
    }
}
