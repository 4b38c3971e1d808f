package org.ledgerline.user.bootstrap;

import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.user.api.GrantRole;
import org.ledgerline.user.api.RegisterUser;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.UserId;
import org.ledgerline.user.api.UserLogin;
import org.ledgerline.user.api.UserLogins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the administrator named by {@code LEDGERLINE_ADMIN_EMAIL} / {@code LEDGERLINE_ADMIN_PASSWORD} at start-up
 * if no user has that e-mail, and gives an existing one the ADMIN role. Safe on several nodes at once: the e-mail
 * claim lets one registration win. There is no built-in password: without {@code LEDGERLINE_ADMIN_PASSWORD} (allowed
 * in development only; production mode refuses it) a random one is generated once into
 * {@code <LEDGERLINE_DATA_DIR>/admin-password}, owner-only, and reused on later starts; the log says where, never what.
 */
@Component
@EnableConfigurationProperties({AdminProperties.class, AdminProperties.DataDirectory.class})
class AdminAccountBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminAccountBootstrap.class);

    private final CommandGateway commands;
    private final UserLogins logins;
    private final PasswordEncoder passwords;
    private final String email;
    private final String password;
    private final AdminPasswordFile passwordFile;

    AdminAccountBootstrap(
            CommandGateway commands,
            UserLogins logins,
            PasswordEncoder passwords,
            AdminProperties admin,
            AdminProperties.DataDirectory data) {
        this.commands = commands;
        this.logins = logins;
        this.passwords = passwords;
        this.email = admin.email();
        this.password = admin.password();
        this.passwordFile = new AdminPasswordFile(data.dataDirectory());
    }

    @Override
    public void run(ApplicationArguments args) {
        if (email == null || email.isBlank()) {
            log.info("No administrator configured (LEDGERLINE_ADMIN_EMAIL is empty)");
            return;
        }
        UserLogin existing = logins.byEmail(email).orElse(null);
        if (existing == null) {
            UserId id = new UserId(UUID.randomUUID());
            try {
                commands.sendAndWait(new RegisterUser(id, email, "Administrator", passwords.encode(password())));
                commands.sendAndWait(new GrantRole(id, Role.ADMIN, null));
                log.info("Administrator account created (user {})", id);
            } catch (AlreadyTakenException e) {
                log.info("Administrator account was created by another node");
            }
        } else if (!existing.roles().contains(Role.ADMIN)) {
            commands.sendAndWait(new GrantRole(existing.userId(), Role.ADMIN, null));
            log.info("Granted ADMIN to the configured administrator (user {})", existing.userId());
        }
    }

    /** The configured password, else the generated one from the data directory (its place logged, never it). */
    private String password() {
        if (password != null && !password.isBlank()) {
            return password;
        }
        AdminPasswordFile.Password generated = passwordFile.readOrGenerate();
        log.info(
                "The administrator's password {} {} (readable by its owner only); set LEDGERLINE_ADMIN_PASSWORD "
                        + "to choose one",
                generated.generated() ? "was generated into" : "is read from",
                passwordFile.path().toAbsolutePath().normalize());
        return generated.value();
    }
}
