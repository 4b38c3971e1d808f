package org.ledgerline.user.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ledgerline.kernel.Money;

/**
 * Charges an order to the account of the user {@code accountId}. A second charge for the same order changes nothing;
 * a charge the balance cannot cover is answered with {@link ChargeDeclined}, not an exception.
 */
public record ChargeForOrder(UserId accountId, UUID orderId, Money amount) {

    /**
     * The stream this command goes to, {@code account-<user id>}: routing by {@code accountId} itself would land in
     * the user's own stream. Derived, so callers only ever name the user.
     */
    @TargetAggregateIdentifier
    public AccountId targetAccount() {
        return accountId == null ? null : AccountId.of(accountId);
    }
}
