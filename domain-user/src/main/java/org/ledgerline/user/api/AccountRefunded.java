package org.ledgerline.user.api;

import java.util.UUID;
import org.ledgerline.kernel.Money;

/** An order's charge was refunded. */
public record AccountRefunded(AccountId accountId, UUID orderId, Money amount, Money balance) {}
