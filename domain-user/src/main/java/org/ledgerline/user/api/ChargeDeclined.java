package org.ledgerline.user.api;

import java.util.UUID;
import org.ledgerline.kernel.Money;

/** A charge was refused; nothing was taken. */
public record ChargeDeclined(
        AccountId accountId, UUID orderId, Money amount, ChargeDeclineReason reason, Money balance) {}
