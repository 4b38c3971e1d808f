package org.ledgerline.user.identity;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.UserId;
import org.ledgerline.user.api.UserLogin;
import org.ledgerline.user.api.UserLogins;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code user_credential} table: the password hash stored at registration (a command-handler parameter, so it
 * commits with the events) and the login lookup.
 */
@Component
public class CredentialStore implements UserLogins {

    private final JdbcTemplate jdbc;

    CredentialStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void register(UserId userId, String email, String passwordHash, Set<Role> roles) {
        jdbc.update("INSERT INTO user_credential (user_id, email, password_hash, roles) VALUES (?, ?, ?, ?)",
                    userId.value(), email, passwordHash, join(roles));
    }

    void updateRoles(UserId userId, Set<Role> roles) {
        jdbc.update("UPDATE user_credential SET roles = ?, updated_at = now() WHERE user_id = ?", join(roles),
                    userId.value());
    }

    void deactivate(UserId userId) {
        jdbc.update("UPDATE user_credential SET active = FALSE, updated_at = now() WHERE user_id = ?", userId.value());
    }

    @Override
    public Optional<UserLogin> byEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return first(jdbc.query("SELECT user_id, email, password_hash, roles, active FROM user_credential "
                                        + "WHERE email = ?", this::row, email.trim().toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public Optional<UserLogin> byId(UserId userId) {
        return first(jdbc.query("SELECT user_id, email, password_hash, roles, active FROM user_credential "
                                        + "WHERE user_id = ?", this::row, userId.value()));
    }

    private UserLogin row(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : rs.getString("roles").split(",")) {
            if (!role.isBlank()) {
                roles.add(Role.valueOf(role));
            }
        }
        return new UserLogin(new UserId(rs.getObject("user_id", UUID.class)), rs.getString("email"),
                             rs.getString("password_hash"), roles, rs.getBoolean("active"));
    }

    private static Optional<UserLogin> first(List<UserLogin> rows) {
        return rows.stream().findFirst();
    }

    private static String join(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }
}
