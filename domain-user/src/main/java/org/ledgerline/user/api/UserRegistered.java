package org.ledgerline.user.api;

import java.util.Set;

/**
 * A user registered: e-mail normalised (trimmed, lower case), roles {@code CUSTOMER}. Never a password or its hash:
 * events are replicated to Kafka and can never be erased.
 */
public record UserRegistered(UserId userId, String email, String name, Set<Role> roles) {

    public UserRegistered {
        roles = Set.copyOf(roles);
    }

    /** Without the e-mail address: events end up in logs. */
    @Override
    public String toString() {
        return "UserRegistered[userId=" + userId + ", roles=" + roles + "]";
    }
}
