package org.ledgerline.saga.api;

import java.util.UUID;

/**
 * An operator forced the saga of an order to compensate: refund what was charged, release what was reserved and
 * reject (or cancel) the order. Stored in the event store, so the request is audited.
 *
 * @param requestedBy the operator's user id (no name or email)
 */
public record SagaCompensationRequested(UUID orderId, String sagaId, UUID requestedBy) {}
