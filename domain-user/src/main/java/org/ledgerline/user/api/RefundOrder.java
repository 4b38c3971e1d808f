package org.ledgerline.user.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Refunds what an order was charged to the account of the user {@code accountId}; nothing if it was not charged or
 * was refunded already.
 */
public record RefundOrder(UserId accountId, UUID orderId) {

    /**
     * The stream this command goes to, {@code account-<user id>}: routing by {@code accountId} itself would land in
     * the user's own stream. Derived, so callers only ever name the user.
     */
    @TargetAggregateIdentifier
    public AccountId targetAccount() {
        return accountId == null ? null : AccountId.of(accountId);
    }
}
