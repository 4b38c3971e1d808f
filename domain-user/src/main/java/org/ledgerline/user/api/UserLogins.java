package org.ledgerline.user.api;

import java.util.Optional;

/** Finds a user's login data, kept in step with the user's events in the same transaction. */
public interface UserLogins {

    /** By e-mail, whatever its case. */
    Optional<UserLogin> byEmail(String email);

    Optional<UserLogin> byId(UserId userId);
}
