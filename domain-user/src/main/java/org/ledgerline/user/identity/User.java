package org.ledgerline.user.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.EnumSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.ledgerline.kernel.UniqueClaims;
import org.ledgerline.user.api.ChangeUserProfile;
import org.ledgerline.user.api.DeactivateUser;
import org.ledgerline.user.api.GrantRole;
import org.ledgerline.user.api.RegisterUser;
import org.ledgerline.user.api.RevokeRole;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.RoleGranted;
import org.ledgerline.user.api.RoleRevoked;
import org.ledgerline.user.api.UserDeactivated;
import org.ledgerline.user.api.UserId;
import org.ledgerline.user.api.UserProfileChanged;
import org.ledgerline.user.api.UserRegistered;

/**
 * A user. Registration claims the e-mail (unique without a race) and stores the password hash beside the event store,
 * both in the registering transaction; roles and the active flag reach the login table through
 * {@link CredentialTable}, in that same transaction.
 */
@Aggregate(
        snapshotTriggerDefinition = UserConfiguration.SNAPSHOT_TRIGGER,
        cache = "aggregateCache",
        lockFactory = "aggregateLockFactory")
class User {

    @AggregateIdentifier
    private UserId userId;

    private String name;
    private Set<Role> roles;
    private boolean active;

    protected User() {
        // For Axon: rebuilt from events or a snapshot.
    }

    @CommandHandler
    User(RegisterUser command, UniqueClaims claims, CredentialStore credentials) {
        String email = UserRules.normalizedEmail(command.email());
        String name = UserRules.requireName(command.name());
        String passwordHash = UserRules.requirePasswordHash(command.passwordHash());
        // Claimed before anything is written: of two racing registrations the second waits here, then fails.
        claims.claim(UserRules.EMAIL_SCOPE, email, command.userId().toString());
        credentials.storePasswordHash(command.userId(), email, passwordHash);
        apply(new UserRegistered(command.userId(), email, name, EnumSet.of(Role.CUSTOMER)));
    }

    @CommandHandler
    void handle(ChangeUserProfile command) {
        UserRules.requireActive(userId, active);
        String newName = UserRules.requireName(command.name());
        if (!newName.equals(name)) {
            apply(new UserProfileChanged(userId, newName));
        }
    }

    @CommandHandler
    void handle(GrantRole command) {
        UserRules.requireActive(userId, active);
        Role role = UserRules.requireRole(command.role());
        if (!roles.contains(role)) {
            apply(new RoleGranted(userId, role));
        }
    }

    @CommandHandler
    void handle(RevokeRole command) {
        UserRules.requireActive(userId, active);
        Role role = UserRules.requireRevocable(command.role());
        if (roles.contains(role)) {
            apply(new RoleRevoked(userId, role));
        }
    }

    @CommandHandler
    void handle(DeactivateUser command) {
        if (active) {
            apply(new UserDeactivated(userId));
        }
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        userId = event.userId();
        name = event.name();
        roles = EnumSet.copyOf(event.roles());
        active = true;
    }

    @EventSourcingHandler
    void on(UserProfileChanged event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(RoleGranted event) {
        roles.add(event.role());
    }

    @EventSourcingHandler
    void on(RoleRevoked event) {
        roles.remove(event.role());
    }

    @EventSourcingHandler
    void on(UserDeactivated event) {
        active = false;
    }
}
