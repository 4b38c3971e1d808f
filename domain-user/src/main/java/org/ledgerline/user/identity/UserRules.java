package org.ledgerline.user.identity;

import java.util.Locale;
import java.util.regex.Pattern;
import org.ledgerline.kernel.InvalidCommandException;

/** The user rules, each named, each refusing with a sentence a person understands. */
final class UserRules {

    static final String EMAIL_SCOPE = "user-email";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PASSWORD_HASH = Pattern.compile("^\\$(2[aby]?|argon2(id|i|d))\\$.{20,}$");

    private UserRules() {
    }

    static String normalizedEmail(String email) {
        if (email == null || email.trim().length() > 320 || !EMAIL.matcher(email.trim()).matches()) {
            throw new InvalidCommandException("An e-mail address looks like name@example.com");
        }
        return email.trim().toLowerCase(Locale.ROOT);
    }

    static String requireName(String name) {
        if (name == null || name.isBlank() || name.trim().length() > 100) {
            throw new InvalidCommandException("A name has 1 to 100 characters");
        }
        return name.trim();
    }

    static void requirePasswordHash(String hash) {
        if (hash == null || !PASSWORD_HASH.matcher(hash).matches()) {
            throw new InvalidCommandException("A password must arrive hashed with BCrypt or Argon2");
        }
    }
}
