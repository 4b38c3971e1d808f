package org.ledgerline.user.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ledgerline.kernel.Money;

/** Charges an order to the account; a second charge for the same order changes nothing. */
public record ChargeForOrder(@TargetAggregateIdentifier AccountId accountId, UUID orderId, Money amount) {
}
