package org.ledgerline.saga.dashboard;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.ledgerline.kernel.AdminAudit;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.saga.api.SagaCompensationRequested;
import org.ledgerline.saga.api.SagaRetryRequested;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.journal.KeptFailure;
import org.ledgerline.saga.journal.SagaDetail;
import org.ledgerline.saga.journal.SagaViews;
import org.ledgerline.saga.order.OrderSaga;
import org.ledgerline.saga.order.SagaJournal;
import org.springframework.stereotype.Component;

/**
 * Operator actions on a saga. Retrying a FAILED saga delivers its kept event to it again, through the saga manager
 * in a unit of work and transaction of its own, and then asks for a retry of the current step; every request is an
 * event ({@link SagaRetryRequested},
 * {@link SagaCompensationRequested}) the saga handles by association, so the request is in the event store too.
 * Every action goes into the admin audit log (which also logs it) with who, what and which saga, nothing more.
 */
@Component
class SagaAdmin {

    private final SagaViews views;
    private final EventGateway events;
    private final EventProcessingConfiguration processing;
    private final TransactionManager transactions;
    private final Serializer serializer;
    private final SagaJournal journal;
    private final AdminAudit audit;

    SagaAdmin(
            SagaViews views,
            EventGateway events,
            EventProcessingConfiguration processing,
            TransactionManager transactions,
            Serializer serializer,
            SagaJournal journal,
            AdminAudit audit) {
        this.views = views;
        this.events = events;
        this.processing = processing;
        this.transactions = transactions;
        this.serializer = serializer;
        this.journal = journal;
        this.audit = audit;
    }

    /** Retries the saga; throws NotFoundException (404) or IllegalTransitionException (409). */
    void retry(String sagaId, UUID operator) {
        SagaDetail saga = allowed(sagaId, "retry");
        audit.record(String.valueOf(operator), "saga.retry", sagaId, "state " + saga.state());
        if (saga.state() == SagaState.FAILED) {
            // The kept event first; then the current step again, in case the handler threw after changing the
            // saga (the event would then look like a repeat and change nothing).
            views.keptFailure(sagaId).ifPresent(kept -> redeliver(saga.orderId(), kept));
        }
        events.publish(new SagaRetryRequested(saga.orderId(), sagaId, operator));
    }

    /** Forces compensation; throws NotFoundException (404) or IllegalTransitionException (409). */
    void compensate(String sagaId, UUID operator) {
        SagaDetail saga = allowed(sagaId, "compensate");
        if (SagaStep.COMMIT_STOCK.name().equals(saga.currentStep())) {
            throw new IllegalTransitionException(
                    "Saga " + sagaId + " is past shipping; shipped goods cannot be " + "compensated",
                    saga.state().name());
        }
        audit.record(String.valueOf(operator), "saga.compensate", sagaId, "state " + saga.state());
        events.publish(new SagaCompensationRequested(saga.orderId(), sagaId, operator));
    }

    private SagaDetail allowed(String sagaId, String action) {
        SagaDetail saga = views.find(sagaId).orElseThrow(() -> new NotFoundException("No saga " + sagaId));
        boolean ended = saga.state().ended()
                || saga.contradiction() != null
                        && saga.contradiction().sagaState().ended();
        if (ended) {
            throw new IllegalTransitionException(
                    "Saga " + sagaId + " is " + saga.state() + "; only a running, " + "stuck or failed saga can "
                            + action,
                    saga.state().name());
        }
        return saga;
    }

    private void redeliver(UUID orderId, KeptFailure kept) {
        Object payload = serializer.deserialize(
                new SimpleSerializedObject<>(kept.payload(), String.class, kept.payloadType(), null));
        Instant timestamp = kept.timestamp() == null ? Instant.now() : kept.timestamp();
        EventMessage<Object> event = new GenericEventMessage<>(
                new GenericMessage<>(kept.messageId(), payload, MetaData.emptyInstance()), () -> timestamp);
        SagaConfiguration<OrderSaga> saga = processing.sagaConfiguration(OrderSaga.class);
        if (saga == null) {
            throw new IllegalStateException("The order saga is not configured");
        }
        UnitOfWork<EventMessage<Object>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        unitOfWork.attachTransaction(transactions);
        // Cleared first: should the handler throw again, SagaFailures keeps the new failure.
        unitOfWork.execute(() -> {
            journal.recovered(orderId);
            try {
                saga.manager().handle(event, Segment.ROOT_SEGMENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
