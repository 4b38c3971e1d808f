package org.ledgerline.saga.journal;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.ledgerline.saga.api.SagaState;

/** One saga with its steps (in the order they happened), its pending deadlines and its kept failure. */
public record SagaDetail(
        String sagaId,
        UUID orderId,
        UUID customerId,
        SagaState state,
        @Nullable String currentStep,
        Instant startedAt,
        Instant updatedAt,
        @Nullable String lastError,
        @Nullable SagaSummary.Contradiction contradiction,
        @Nullable Failure failure,
        List<Step> steps,
        List<Deadline> deadlines) {

    public record Failure(String eventType, Instant at, String error) {}

    public record Step(
            String name,
            String status,
            Instant at,
            @Nullable String detail,
            boolean compensation) {}

    public record Deadline(String name, Instant dueAt) {}

    public SagaSummary summary() {
        return new SagaSummary(
                sagaId, orderId, customerId, state, currentStep, startedAt, updatedAt, lastError, contradiction);
    }
}
