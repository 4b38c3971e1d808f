package org.ledgerline.saga.journal;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.UUID;
import org.ledgerline.saga.api.SagaState;

/**
 * One saga in a list: where it is and its last error; {@code contradiction} only when its state reads CONTRADICTED.
 */
public record SagaSummary(
        String sagaId,
        UUID orderId,
        UUID customerId,
        SagaState state,
        @Nullable String currentStep,
        Instant startedAt,
        Instant updatedAt,
        @Nullable String lastError,
        @Nullable Contradiction contradiction) {

    /** What the saga's consistency check found, and the state the saga itself has stored. */
    public record Contradiction(SagaState sagaState, String detail) {}
}
