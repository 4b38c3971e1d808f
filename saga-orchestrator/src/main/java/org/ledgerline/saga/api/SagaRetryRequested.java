package org.ledgerline.saga.api;

import java.util.UUID;

/**
 * An operator asked the saga of an order to retry its current step: it re-sends the step's (idempotent) commands
 * and re-arms the step's deadline. Stored in the event store, so the request is audited.
 *
 * @param requestedBy the operator's user id (no name or email)
 */
public record SagaRetryRequested(UUID orderId, String sagaId, UUID requestedBy) {}
