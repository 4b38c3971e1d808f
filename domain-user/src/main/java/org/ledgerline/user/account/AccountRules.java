package org.ledgerline.user.account;

import java.util.UUID;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.Money;
import org.ledgerline.user.api.AccountId;

/** The account rules, each named, each refusing with a sentence a person understands. */
final class AccountRules {

    private AccountRules() {}

    static Money requireDeposit(Money amount) {
        if (amount == null || !amount.isPositive()) {
            throw new InvalidCommandException("A deposit must be more than zero");
        }
        return amount;
    }

    static Money requireCharge(Money amount) {
        if (amount == null || amount.isNegative()) {
            throw new InvalidCommandException("A charge needs an amount of zero or more");
        }
        return amount;
    }

    static UUID requireOrder(UUID orderId) {
        if (orderId == null) {
            throw new InvalidCommandException("A charge or refund names its order");
        }
        return orderId;
    }

    /** An account keeps the currency of the first money it saw; nothing is converted. */
    static void requireCurrency(AccountId account, Money balance, Money amount) {
        if (!balance.currency().equals(amount.currency())) {
            throw new InvalidCommandException("Account " + account + " is kept in " + balance.currency()
                    + " and cannot take " + amount.currency());
        }
    }
}
