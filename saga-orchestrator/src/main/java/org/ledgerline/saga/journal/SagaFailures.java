package org.ledgerline.saga.journal;

import static org.ledgerline.saga.jooq.Tables.SAGA_INSTANCES;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.modelling.saga.Saga;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a saga handler threw on. Axon's dead-letter queue does not cover sagas and its default handler only
 * logs, so the event would vanish: here the event (serialized by Axon) and the error are stored with the saga,
 * which shows as FAILED until an operator retries (the event is delivered again) or forces compensation. The
 * processor moves on; the saga's other events still reach it.
 */
public class SagaFailures implements ListenerInvocationErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(SagaFailures.class);

    private final DSLContext sql;
    private final Serializer serializer;
    private final Clock clock;
    private final SagaMetrics metrics;
    private final SagaChanges changes;

    public SagaFailures(DSLContext sql, Serializer serializer, Clock clock, SagaMetrics metrics, SagaChanges changes) {
        this.sql = sql;
        this.serializer = serializer;
        this.clock = clock;
        this.metrics = metrics;
        this.changes = changes;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler handler) {
        metrics.failed();
        String sagaId = handler instanceof Saga<?> saga ? saga.getSagaIdentifier() : null;
        String error = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        // The event's type and the exception, never the payload: it may name a customer.
        log.error(
                "Saga {} failed on {}; kept for retry",
                sagaId,
                event.getPayloadType().getSimpleName(),
                exception);
        if (sagaId == null) {
            return;
        }
        // What the handler journaled before it threw is written first, as it would be without the journal's batching.
        JooqSagaJournal.flushPending();
        SerializedObject<String> payload = serializer.serialize(event.getPayload(), String.class);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        var orderId = sql.update(SAGA_INSTANCES)
                .set(SAGA_INSTANCES.FAILED, true)
                .set(SAGA_INSTANCES.FAILURE_EVENT_TYPE, event.getPayloadType().getSimpleName())
                .set(SAGA_INSTANCES.FAILURE_AT, now)
                .set(SAGA_INSTANCES.FAILURE_ERROR, JooqSagaJournal.clip(error))
                .set(SAGA_INSTANCES.FAILURE_PAYLOAD, payload.getData())
                .set(SAGA_INSTANCES.FAILURE_PAYLOAD_TYPE, payload.getType().getName())
                .set(SAGA_INSTANCES.FAILURE_MESSAGE_ID, event.getIdentifier())
                .set(SAGA_INSTANCES.FAILURE_TIMESTAMP, event.getTimestamp().atOffset(ZoneOffset.UTC))
                .set(SAGA_INSTANCES.LAST_ERROR, JooqSagaJournal.clip(error))
                .set(SAGA_INSTANCES.UPDATED_AT, now)
                .where(SAGA_INSTANCES.SAGA_ID.eq(sagaId))
                .returning(SAGA_INSTANCES.ORDER_ID)
                .fetchOptional();
        orderId.ifPresent(row -> changes.changed(row.getOrderId()));
    }
}
