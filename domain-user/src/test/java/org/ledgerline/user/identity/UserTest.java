package org.ledgerline.user.identity;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.util.Set;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.AlreadyTakenException;
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

class UserTest {

    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR";
    private final UserId id = new UserId(UUID.fromString("00000000-0000-0000-0000-0000000000aa"));
    private final UserRegistered registered = new UserRegistered(id, "ada@example.com", "Ada", Set.of(Role.CUSTOMER));
    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final CredentialStore credentials = mock(CredentialStore.class);
    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(claims);
        fixture.registerInjectableResource(credentials);
    }

    @Test
    @DisplayName("a user registers as a CUSTOMER with a normalised e-mail, and the hash goes beside the events")
    void registers() {
        fixture.givenNoPriorActivity()
               .when(new RegisterUser(id, " Ada@Example.COM ", " Ada ", HASH))
               .expectEvents(registered);
        verify(claims).claim("user-email", "ada@example.com", id.toString());
        verify(credentials).register(id, "ada@example.com", HASH, Set.of(Role.CUSTOMER));
    }

    @Test
    @DisplayName("an e-mail someone else has is refused")
    void emailTaken() {
        doThrow(new AlreadyTakenException("user-email", "That user email is already taken"))
                .when(claims).claim(eq("user-email"), eq("ada@example.com"), any());
        fixture.givenNoPriorActivity()
               .when(new RegisterUser(id, "ada@example.com", "Ada", HASH))
               .expectException(AlreadyTakenException.class)
               .expectNoEvents();
    }

    @Test
    @DisplayName("an e-mail without an @ is refused")
    void badEmail() {
        fixture.givenNoPriorActivity()
               .when(new RegisterUser(id, "ada.example.com", "Ada", HASH))
               .expectException(InvalidCommandException.class)
               .expectNoEvents();
    }

    @Test
    @DisplayName("a password that is not a BCrypt or Argon2 hash is refused")
    void clearPassword() {
        fixture.givenNoPriorActivity()
               .when(new RegisterUser(id, "ada@example.com", "Ada", "hunter22"))
               .expectException(InvalidCommandException.class)
               .expectExceptionMessage("A password must arrive hashed with BCrypt or Argon2");
    }

    @Test
    @DisplayName("a name is 1 to 100 characters")
    void nameLength() {
        fixture.given(registered)
               .when(new ChangeUserProfile(id, "x".repeat(101), null))
               .expectException(InvalidCommandException.class);
    }

    @Test
    @DisplayName("a new name is recorded; the same name changes nothing")
    void profile() {
        fixture.given(registered).when(new ChangeUserProfile(id, "Ada L.", null))
               .expectEvents(new UserProfileChanged(id, "Ada L."));
        fixture.given(registered).when(new ChangeUserProfile(id, "Ada", null)).expectNoEvents();
    }

    @Test
    @DisplayName("granting a role twice records it once and updates the login roles")
    void grant() {
        fixture.given(registered).when(new GrantRole(id, Role.ADMIN, null))
               .expectEvents(new RoleGranted(id, Role.ADMIN));
        verify(credentials).updateRoles(id, Set.of(Role.CUSTOMER, Role.ADMIN));
        fixture.given(registered, new RoleGranted(id, Role.ADMIN)).when(new GrantRole(id, Role.ADMIN, null))
               .expectNoEvents();
    }

    @Test
    @DisplayName("ADMIN can be revoked, CUSTOMER cannot")
    void revoke() {
        fixture.given(registered, new RoleGranted(id, Role.ADMIN)).when(new RevokeRole(id, Role.ADMIN, null))
               .expectEvents(new RoleRevoked(id, Role.ADMIN));
        fixture.given(registered).when(new RevokeRole(id, Role.CUSTOMER, null))
               .expectException(InvalidCommandException.class);
    }

    @Test
    @DisplayName("a deactivated user takes no more changes, and deactivating twice records it once")
    void deactivated() {
        fixture.given(registered).when(new DeactivateUser(id, null)).expectEvents(new UserDeactivated(id));
        fixture.given(registered, new UserDeactivated(id)).when(new DeactivateUser(id, null)).expectNoEvents();
        fixture.given(registered, new UserDeactivated(id)).when(new ChangeUserProfile(id, "Other", null))
               .expectException(IllegalTransitionException.class);
    }
}
