package org.ledgerline.user.api;

import java.util.Set;

/** What signing in needs to know about a user. Holds a password hash: never log it. */
public record UserLogin(UserId userId, String email, String passwordHash, Set<Role> roles, boolean active) {

    public UserLogin {
        roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
        return "UserLogin[userId=" + userId + ", roles=" + roles + ", active=" + active + "]";
    }
}
