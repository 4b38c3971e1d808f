package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ledgerline.kernel.Money;

/**
 * Puts money into a customer's account, opened on first use in the money's currency. {@code accountId} is the
 * account holder's user id; the account lives in its own stream ({@link AccountId}).
 */
public record DepositMoney(UserId accountId, Money amount) {

    /**
     * The stream this command goes to, {@code account-<user id>}: routing by {@code accountId} itself would land in
     * the user's own stream. Derived, so callers only ever name the user.
     */
    @TargetAggregateIdentifier
    public AccountId targetAccount() {
        return accountId == null ? null : AccountId.of(accountId);
    }
}
