package org.ledgerline.user.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a customer's account: one per user, named after the user. Its {@link #toString()} (the aggregate id in
 * the event store) is {@code account-<user id>}, distinct from the user's own stream, which the user id names.
 */
public record AccountId(UUID userId) {

    public AccountId {
        Objects.requireNonNull(userId, "userId");
    }

    public static AccountId of(UserId user) {
        return new AccountId(user.value());
    }

    @Override
    public String toString() {
        return "account-" + userId;
    }
}
