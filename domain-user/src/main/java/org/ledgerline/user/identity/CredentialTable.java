package org.ledgerline.user.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.RoleGranted;
import org.ledgerline.user.api.RoleRevoked;
import org.ledgerline.user.api.UserDeactivated;
import org.ledgerline.user.api.UserId;
import org.ledgerline.user.api.UserLogin;
import org.ledgerline.user.api.UserLogins;
import org.ledgerline.user.api.UserRegistered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps e-mail, roles and the active flag of {@code user_credential} current, and answers login lookups. Its handlers
 * run in a subscribing processor ({@link UserConfiguration}), inside the transaction of the command whose events they
 * follow, so a sign-in never sees a revoked role or a deactivated user as still valid. A failing handler fails the
 * command (propagating error handler) rather than leaving the table behind the events.
 */
@Component
@ProcessingGroup(UserConfiguration.CREDENTIALS_GROUP)
class CredentialTable implements UserLogins {

    private static final String COLUMNS = "SELECT user_id, email, password_hash, roles, active FROM user_credential ";

    private final JdbcTemplate jdbc;

    CredentialTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserRegistered event) {
        requireRow(
                event.userId(),
                jdbc.update(
                        "UPDATE user_credential SET email = ?, roles = ?, active = TRUE, "
                                + "updated_at = now() WHERE user_id = ?",
                        event.email(),
                        join(event.roles()),
                        event.userId().value()));
    }

    @EventHandler
    void on(RoleGranted event) {
        changeRoles(event.userId(), event.role(), true);
    }

    @EventHandler
    void on(RoleRevoked event) {
        changeRoles(event.userId(), event.role(), false);
    }

    @EventHandler
    void on(UserDeactivated event) {
        requireRow(
                event.userId(),
                jdbc.update(
                        "UPDATE user_credential SET active = FALSE, updated_at = now() " + "WHERE user_id = ?",
                        event.userId().value()));
    }

    @Override
    public Optional<UserLogin> byEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        COLUMNS + "WHERE email = ?",
                        CredentialTable::login,
                        email.trim().toLowerCase(Locale.ROOT))
                .stream()
                .findFirst();
    }

    @Override
    public Optional<UserLogin> byId(UserId userId) {
        if (userId == null) {
            return Optional.empty();
        }
        return jdbc.query(COLUMNS + "WHERE user_id = ?", CredentialTable::login, userId.value()).stream()
                .findFirst();
    }

    /**
     * Read, change, write: safe without a row lock because the events of one user are appended one at a time (Axon's
     * aggregate lock, and the event store's unique sequence number across nodes) in this same transaction.
     */
    private void changeRoles(UserId userId, Role role, boolean held) {
        Set<Role> roles = jdbc
                .query(
                        "SELECT roles FROM user_credential WHERE user_id = ?",
                        (rs, row) -> split(rs.getString("roles")),
                        userId.value())
                .stream()
                .findFirst()
                .orElseThrow(() -> missing(userId));
        if (held) {
            roles.add(role);
        } else {
            roles.remove(role);
        }
        jdbc.update(
                "UPDATE user_credential SET roles = ?, updated_at = now() WHERE user_id = ?",
                join(roles),
                userId.value());
    }

    /**
     * Every user has a row from registration on. None to update means the table and the events disagree: failing
     * rolls the command back instead of committing events a sign-in would not reflect.
     */
    private static void requireRow(UserId userId, int updated) {
        if (updated != 1) {
            throw missing(userId);
        }
    }

    private static IllegalStateException missing(UserId userId) {
        return new IllegalStateException("No login credentials for user " + userId);
    }

    private static UserLogin login(ResultSet rs, int row) throws SQLException {
        return new UserLogin(
                new UserId(rs.getObject("user_id", UUID.class)),
                rs.getString("email"),
                rs.getString("password_hash"),
                split(rs.getString("roles")),
                rs.getBoolean("active"));
    }

    private static Set<Role> split(String roles) {
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String role : roles.split(",")) {
            if (!role.isBlank()) {
                parsed.add(Role.valueOf(role.trim()));
            }
        }
        return parsed;
    }

    private static String join(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }
}
