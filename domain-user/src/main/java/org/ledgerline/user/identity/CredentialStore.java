package org.ledgerline.user.identity;

import org.ledgerline.user.api.UserId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the password hash to {@code user_credential}. The {@code RegisterUser} handler takes it as a parameter, so
 * the row joins the command's transaction and commits (or rolls back) with the events. The hash is never in an event.
 */
@Component
class CredentialStore {

    private final JdbcTemplate jdbc;

    CredentialStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the hash of a user being registered. The row starts without roles and inactive; {@link CredentialTable}
     * completes it from {@code UserRegistered} before the transaction commits, so no reader sees it half-done. An id
     * that is taken already inserts nothing here: appending the registration then fails with Axon's own
     * duplicate-aggregate error, which rolls this transaction back, instead of a bare SQL error.
     */
    void storePasswordHash(UserId userId, String email, String passwordHash) {
        jdbc.update(
                "INSERT INTO user_credential (user_id, email, password_hash, roles, active) "
                        + "VALUES (?, ?, ?, '', FALSE) ON CONFLICT (user_id) DO NOTHING",
                userId.value(),
                email,
                passwordHash);
    }
}
