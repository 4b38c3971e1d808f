package org.ledgerline.user.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.EnumSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
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
 * A user. The e-mail is claimed unique and the password hash stored beside the event store, both in the
 * registering transaction; login data follows the events in that same transaction ({@code CredentialStore}).
 */
@Aggregate(snapshotTriggerDefinition = UserConfiguration.USER_SNAPSHOT_TRIGGER)
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
        UserRules.requirePasswordHash(command.passwordHash());
        claims.claim(UserRules.EMAIL_SCOPE, email, command.userId().toString());
        Set<Role> roles = EnumSet.of(Role.CUSTOMER);
        credentials.register(command.userId(), email, command.passwordHash(), roles);
        apply(new UserRegistered(command.userId(), email, name, roles));
    }

    @CommandHandler
    void handle(ChangeUserProfile command) {
        requireActive("change its profile");
        String newName = UserRules.requireName(command.name());
        if (!newName.equals(name)) {
            apply(new UserProfileChanged(userId, newName));
        }
    }

    @CommandHandler
    void handle(GrantRole command, CredentialStore credentials) {
        requireActive("get a role");
        requireRole(command.role());
        if (!roles.contains(command.role())) {
            apply(new RoleGranted(userId, command.role()));
            credentials.updateRoles(userId, roles);
        }
    }

    @CommandHandler
    void handle(RevokeRole command, CredentialStore credentials) {
        requireActive("lose a role");
        requireRole(command.role());
        if (command.role() == Role.CUSTOMER) {
            throw new InvalidCommandException("Every user is a CUSTOMER; that role cannot be revoked");
        }
        if (roles.contains(command.role())) {
            apply(new RoleRevoked(userId, command.role()));
            credentials.updateRoles(userId, roles);
        }
    }

    @CommandHandler
    void handle(DeactivateUser command, CredentialStore credentials) {
        if (active) {
            apply(new UserDeactivated(userId));
            credentials.deactivate(userId);
        }
    }

    private void requireActive(String action) {
        if (!active) {
            throw new IllegalTransitionException("User " + userId + " is deactivated and cannot " + action,
                                                 "DEACTIVATED");
        }
    }

    private static void requireRole(Role role) {
        if (role == null) {
            throw new InvalidCommandException("A role is CUSTOMER or ADMIN");
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
