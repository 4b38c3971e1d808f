package org.ledgerline.user.api;

import java.util.Currency;

/** A customer's account was opened in one currency. */
public record AccountOpened(AccountId accountId, Currency currency) {}
