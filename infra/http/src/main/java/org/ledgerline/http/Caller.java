package org.ledgerline.http;

import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller of a request: the JWT's subject and its roles. Controllers take it as a parameter.
 *
 * @param userId the user id (the token's {@code sub})
 * @param roles  role names, e.g. {@code CUSTOMER}, {@code ADMIN}
 */
public record Caller(UUID userId, Set<String> roles) {

    public static final String ADMIN = "ADMIN";
    public static final String CUSTOMER = "CUSTOMER";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /** The caller is {@code userId} or an admin. */
    public boolean isSelfOrAdmin(UUID userId) {
        return isAdmin() || this.userId.equals(userId);
    }
}
