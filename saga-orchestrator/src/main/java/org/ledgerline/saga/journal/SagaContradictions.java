package org.ledgerline.saga.journal;

import static org.ledgerline.saga.jooq.Tables.SAGA_INSTANCES;
import static org.ledgerline.saga.jooq.Tables.SAGA_STEPS;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.queryhandling.QueryGateway;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.Result;
import org.ledgerline.order.api.FindOrderStatuses;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.order.api.OrderStatuses;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.StepStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga's consistency check: compares settled sagas (no change for {@code settle}) with their orders, asked of
 * the order context through the query bus ({@link FindOrderStatuses}), and with their own journal, and records what
 * contradicts ({@link SagaConsistency}) on the saga, whose state then reads CONTRADICTED until it changes. Sagas
 * that can still move (RUNNING, COMPENSATING) are looked at again every {@code settle}; ended ones once after their
 * last change. Counts what it finds ({@code ledgerline.saga.contradictions}); the number contradicted now is the
 * {@code ledgerline.saga.instances} gauge with {@code state=CONTRADICTED}.
 */
public class SagaContradictions {

    private static final Logger log = LoggerFactory.getLogger(SagaContradictions.class);

    private final DSLContext sql;
    private final QueryGateway queries;
    private final Clock clock;
    private final Duration settle;
    private final SagaChanges changes;
    private final Counter found;

    public SagaContradictions(
            DSLContext sql,
            QueryGateway queries,
            Clock clock,
            Duration settle,
            SagaChanges changes,
            MeterRegistry registry) {
        this.sql = sql;
        this.queries = queries;
        this.clock = clock;
        this.settle = settle;
        this.changes = changes;
        this.found = Counter.builder("ledgerline.saga.contradictions")
                .description("Sagas found contradicting their order or their own journal")
                .register(registry);
    }

    /** One pass over at most {@code max} sagas due for a look; returns how many of them contradict. */
    public int check(int max) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime settled = now.minus(settle);
        Result<Record4<UUID, String, String, String>> due = sql.select(
                        SAGA_INSTANCES.ORDER_ID,
                        SAGA_INSTANCES.STATE,
                        SAGA_INSTANCES.CURRENT_STEP,
                        SAGA_INSTANCES.CONTRADICTION)
                .from(SAGA_INSTANCES)
                .where(SAGA_INSTANCES.UPDATED_AT.lt(settled))
                .and(SAGA_INSTANCES
                        .CHECKED_AT
                        .isNull()
                        .or(SAGA_INSTANCES.CHECKED_AT.lt(SAGA_INSTANCES.UPDATED_AT))
                        .or(SAGA_INSTANCES
                                .STATE
                                .in(SagaState.RUNNING.name(), SagaState.COMPENSATING.name())
                                .and(SAGA_INSTANCES.CHECKED_AT.lt(settled))))
                .orderBy(SAGA_INSTANCES.CHECKED_AT.asc().nullsFirst())
                .limit(max)
                .fetch();
        if (due.isEmpty()) {
            return 0;
        }
        Set<UUID> orders = due.stream().map(Record4::value1).collect(Collectors.toSet());
        Map<OrderId, OrderStatus> statuses = orderStatuses(orders);
        Set<UUID> compensated = sql.selectDistinct(SAGA_STEPS.ORDER_ID)
                .from(SAGA_STEPS)
                .where(SAGA_STEPS.ORDER_ID.in(orders))
                .and(SAGA_STEPS
                        .COMPENSATION
                        .isTrue()
                        .and(SAGA_STEPS.STATUS.ne(StepStatus.SKIPPED.name()))
                        .or(SAGA_STEPS.STATUS.eq(StepStatus.COMPENSATED.name())))
                .fetchSet(SAGA_STEPS.ORDER_ID);
        int contradicted = 0;
        for (Record4<UUID, String, String, String> saga : due) {
            UUID order = saga.value1();
            String contradiction = SagaConsistency.contradiction(
                    SagaState.valueOf(saga.value2()),
                    saga.value3(),
                    statuses.get(new OrderId(order)),
                    compensated.contains(order));
            // updated_at stays: the saga did not move, and a later change of its own must still be seen as newer.
            sql.update(SAGA_INSTANCES)
                    .set(SAGA_INSTANCES.CONTRADICTION, contradiction)
                    .set(SAGA_INSTANCES.CHECKED_AT, now)
                    .where(SAGA_INSTANCES.ORDER_ID.eq(order))
                    .execute();
            if (contradiction != null) {
                contradicted++;
                if (saga.value4() == null) {
                    found.increment();
                    log.warn("Saga of order {} contradicts: {}", order, contradiction);
                }
            }
            if (!Objects.equals(saga.value4(), contradiction)) {
                changes.changed(order);
            }
        }
        return contradicted;
    }

    /** The orders' statuses, or none when the order context cannot answer (then only the journal is judged). */
    private Map<OrderId, OrderStatus> orderStatuses(Set<UUID> orders) {
        try {
            return queries.query(
                            new FindOrderStatuses(
                                    orders.stream().map(OrderId::new).collect(Collectors.toSet())),
                            OrderStatuses.class)
                    .join()
                    .statuses();
        } catch (RuntimeException e) {
            log.warn("The saga's consistency check could not ask for order statuses: {}", e.toString());
            return Map.of();
        }
    }
}
