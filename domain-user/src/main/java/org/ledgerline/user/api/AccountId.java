package org.ledgerline.user.api;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a customer's account in its events: one account per user, named after the user. Its
 * {@link #toString()}, the aggregate id in the event store, is {@code account-<user id>}: Axon's JDBC store keys a
 * stream by aggregate id alone, so an account under the bare user id would share (and corrupt) the user's stream.
 * Commands name the account by the holder's {@link UserId}; the account context maps it to this id.
 */
public record AccountId(UUID userId) {

    private static final String PREFIX = "account-";

    public AccountId {
        Objects.requireNonNull(userId, "userId");
    }

    public static AccountId of(UserId user) {
        return new AccountId(user.value());
    }

    /** The account holder. */
    public UserId user() {
        return new UserId(userId);
    }

    @Override
    public String toString() {
        return PREFIX + userId;
    }
}
