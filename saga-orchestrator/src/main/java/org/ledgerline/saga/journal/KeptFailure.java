package org.ledgerline.saga.journal;

import java.time.Instant;

/** The event a saga handler threw on, as Axon serialized it, to be delivered again. */
public record KeptFailure(String messageId, String payloadType, String payload, Instant timestamp) {}
