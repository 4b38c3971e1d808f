package org.ledgerline.user.api;

import org.ledgerline.kernel.Money;

/** Money was deposited; {@code balance} is the balance after it. */
public record MoneyDeposited(AccountId accountId, Money amount, Money balance) {}
