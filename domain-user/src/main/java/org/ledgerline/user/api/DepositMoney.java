package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ledgerline.kernel.Money;

/** Puts money into a customer's account (opened on first use). */
public record DepositMoney(@TargetAggregateIdentifier AccountId accountId, Money amount) {
}
