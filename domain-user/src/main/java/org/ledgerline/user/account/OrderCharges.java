package org.ledgerline.user.account;

import java.util.Optional;
import java.util.UUID;
import org.ledgerline.kernel.Money;
import org.ledgerline.user.api.AccountId;

/**
 * How an account answered each order's charge, which the {@link Account} aggregate no longer keeps (ADR 0024).
 * Command handlers take it as a parameter; it reads the state of the command's own transaction.
 */
interface OrderCharges {

    /** The account's answer to {@code order}'s charge, or empty if it was never asked (or never answered). */
    Optional<Answer> of(AccountId account, UUID order);

    /** What the account did with an order's charge. */
    enum Outcome {
        CHARGED,
        DECLINED,
        REFUNDED
    }

    /** An answer: charged (refundable), declined, or charged and refunded; the amount is the charge's. */
    record Answer(Outcome outcome, Money amount) {}
}
