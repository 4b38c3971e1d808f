package org.ledgerline.user.api;

import org.ledgerline.kernel.Money;

/** Money was deposited; {@code balance} is the balance after it. */
public record MoneyDeposited(UserId accountId, Money amount, Money balance) {
}
