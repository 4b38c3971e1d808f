package org.ledgerline.eventstore.unique;

import java.util.List;
import java.util.Locale;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.UniqueClaims;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link UniqueClaims} on PostgreSQL: a primary key on (scope, value) decides races; the insert joins the command's
 * transaction (Axon runs command handling in a Spring transaction), so the claim and the events commit together.
 * Values are compared case-insensitively (lower-cased): {@code Ada@Example.com} and {@code ada@example.com} collide.
 */
public class JdbcUniqueClaims implements UniqueClaims {

    private final JdbcTemplate jdbc;

    public JdbcUniqueClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void claim(String scope, String value, String owner) {
        String key = normalize(value);
        int inserted = jdbc.update(
                "INSERT INTO unique_claim (scope, value, owner) VALUES (?, ?, ?) "
                        + "ON CONFLICT (scope, value) DO NOTHING",
                scope,
                key,
                owner);
        if (inserted == 0 && !owner.equals(ownerOf(scope, value))) {
            throw new AlreadyTakenException(scope, "That " + scope.replace('-', ' ') + " is already taken");
        }
    }

    @Override
    public void release(String scope, String value, String owner) {
        jdbc.update(
                "DELETE FROM unique_claim WHERE scope = ? AND value = ? AND owner = ?", scope, normalize(value), owner);
    }

    @Override
    public String ownerOf(String scope, String value) {
        List<String> owners = jdbc.queryForList(
                "SELECT owner FROM unique_claim WHERE scope = ? AND value = ?", String.class, scope, normalize(value));
        return owners.isEmpty() ? null : owners.getFirst();
    }

    private static String normalize(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
