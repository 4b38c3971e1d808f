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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the administrator named by {@code LEDGERLINE_ADMIN_EMAIL} / {@code LEDGERLINE_ADMIN_PASSWORD} at start-up
 * if no user has that e-mail, and gives an existing one the ADMIN role. Safe on several nodes at once: the e-mail
 * claim lets one registration win.
 */
@Component
class AdminAccountBootstrap implements ApplicationRunner {

    static final String DEV_EMAIL = "admin@ledgerline.local";
    static final String DEV_PASSWORD = "ledgerline-admin";
    private static final Logger log = LoggerFactory.getLogger(AdminAccountBootstrap.class);

    private final CommandGateway commands;
    private final UserLogins logins;
    private final PasswordEncoder passwords;
    private final String email;
    private final String password;

    AdminAccountBootstrap(CommandGateway commands, UserLogins logins, PasswordEncoder passwords,
                          @Value("${ledgerline.admin.email:" + DEV_EMAIL + "}") String email,
                          @Value("${ledgerline.admin.password:" + DEV_PASSWORD + "}") String password) {
        this.commands = commands;
        this.logins = logins;
        this.passwords = passwords;
        this.email = email;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (email == null || email.isBlank()) {
            log.info("No administrator configured (LEDGERLINE_ADMIN_EMAIL is empty)");
            return;
        }
        UserLogin existing = logins.byEmail(email).orElse(null);
        if (existing == null) {
            if (DEV_PASSWORD.equals(password)) {
                log.warn("Creating the administrator with the development password; set LEDGERLINE_ADMIN_PASSWORD");
            }
            UserId id = new UserId(UUID.randomUUID());
            try {
                commands.sendAndWait(new RegisterUser(id, email, "Administrator", passwords.encode(password)));
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
}
