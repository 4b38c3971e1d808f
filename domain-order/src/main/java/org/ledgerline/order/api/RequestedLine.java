package org.ledgerline.order.api;

import java.util.UUID;

/** A line as the customer asks for it: which product, how many. */
public record RequestedLine(UUID productId, int quantity) {}
