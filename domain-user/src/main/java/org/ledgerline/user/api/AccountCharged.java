package org.ledgerline.user.api;

import java.util.UUID;
import org.ledgerline.kernel.Money;

/** An order was charged to the account. */
public record AccountCharged(AccountId accountId, UUID orderId, Money amount, Money balance) {}
