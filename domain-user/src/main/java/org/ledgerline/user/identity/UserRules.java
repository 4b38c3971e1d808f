package org.ledgerline.user.identity;

import java.util.Locale;
import java.util.regex.Pattern;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.UserId;

/**
 * The user rules, each named, each refusing with a sentence a person understands. Messages never repeat the e-mail
 * or the hash: they reach logs and HTTP answers.
 */
final class UserRules {

    static final String EMAIL_SCOPE = "user-email";
    static final int MAX_EMAIL_LENGTH = 320;
    static final int MAX_NAME_LENGTH = 100;
    static final String DEACTIVATED = "DEACTIVATED";

    /** Deliberately simple (local@domain.tld): the mailbox is proven by mail, not by a regular expression. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    /** BCrypt ($2a$, $2b$, $2y$) or Argon2 ($argon2id$ ...) in modular crypt format. */
    private static final Pattern PASSWORD_HASH = Pattern.compile("\\$(2[aby]?|argon2(id|i|d))\\$\\S{20,}");

    private UserRules() {}

    /** An e-mail address is syntactically valid, at most 320 characters, and kept trimmed in lower case. */
    static String normalizedEmail(String email) {
        String trimmed = email == null ? "" : email.trim();
        if (trimmed.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(trimmed).matches()) {
            throw new InvalidCommandException("An e-mail address looks like name@example.com and has at most "
                    + MAX_EMAIL_LENGTH + " characters");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    /** A name has 1 to 100 characters after trimming. */
    static String requireName(String name) {
        String trimmed = name == null ? "" : name.trim();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < 1 || length > MAX_NAME_LENGTH) {
            throw new InvalidCommandException("A name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }

    /** The password arrives hashed (BCrypt or Argon2): the clear password never reaches the domain. */
    static String requirePasswordHash(String hash) {
        if (hash == null || !PASSWORD_HASH.matcher(hash).matches()) {
            throw new InvalidCommandException("A password must arrive hashed with BCrypt or Argon2");
        }
        return hash;
    }

    static Role requireRole(Role role) {
        if (role == null) {
            throw new InvalidCommandException("A role is CUSTOMER or ADMIN");
        }
        return role;
    }

    /** Every user is a CUSTOMER; that role cannot be revoked. */
    static Role requireRevocable(Role role) {
        if (requireRole(role) == Role.CUSTOMER) {
            throw new InvalidCommandException("Every user is a CUSTOMER; that role cannot be revoked");
        }
        return role;
    }

    /** A deactivated user takes no profile or role changes. */
    static void requireActive(UserId userId, boolean active) {
        if (!active) {
            throw new IllegalTransitionException(
                    "User " + userId + " is deactivated and takes no changes", DEACTIVATED);
        }
    }
}
