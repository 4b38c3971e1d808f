package org.ledgerline.user.api;

import java.util.Objects;
import java.util.UUID;

/** Identifies a user (and their account); {@link #toString()} is the raw UUID. */
public record UserId(UUID value) {

    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId of(String value) {
        return new UserId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
