package org.ledgerline.saga.journal;

import java.time.Instant;
import java.util.UUID;
import org.ledgerline.saga.api.SagaState;

/** One saga in a list: where it is and its last error. */
public record SagaSummary(String sagaId, UUID orderId, UUID customerId, SagaState state, String currentStep,
                          Instant startedAt, Instant updatedAt, String lastError) {
}
