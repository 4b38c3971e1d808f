package org.ledgerline.user.identity;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.Set;
import java.util.UUID;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
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

    private static final String BCRYPT = "$2a$10$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR";
    private static final String ARGON2 = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";

    private final UserId id = new UserId(UUID.fromString("00000000-0000-0000-0000-0000000000aa"));
    private final UserRegistered registered = new UserRegistered(id, "ada@example.com", "Ada", Set.of(Role.CUSTOMER));
    private final UserDeactivated deactivated = new UserDeactivated(id);
    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final CredentialStore credentials = mock(CredentialStore.class);
    private FixtureConfiguration<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(claims);
        fixture.registerInjectableResource(credentials);
    }

    @Nested
    class Registration {

        @Test
        @DisplayName("a new user is a CUSTOMER with a trimmed lower-case e-mail, and no event holds the hash")
        void registers() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, "  Ada@Example.COM ", " Ada ", BCRYPT))
                    .expectEvents(registered);
        }

        @Test
        @DisplayName("registering claims the normalised e-mail for the user and stores the hash beside the events")
        void claimsAndStores() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, "Ada@Example.com", "Ada", BCRYPT))
                    .expectSuccessfulHandlerExecution();
            verify(claims).claim("user-email", "ada@example.com", id.toString());
            verify(credentials).storePasswordHash(id, "ada@example.com", BCRYPT);
        }

        @Test
        @DisplayName("an Argon2 hash is accepted as well as a BCrypt one")
        void argon2() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, "ada@example.com", "Ada", ARGON2))
                    .expectEvents(registered);
        }

        @Test
        @DisplayName("an e-mail someone else has is refused, and nothing is stored")
        void emailTaken() {
            doThrow(new AlreadyTakenException("user-email", "That user email is already taken"))
                    .when(claims)
                    .claim(eq("user-email"), eq("ada@example.com"), any());
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, "ADA@example.com", "Ada", BCRYPT))
                    .expectException(AlreadyTakenException.class)
                    .expectNoEvents();
            verifyNoInteractions(credentials);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @NullAndEmptySource
        @ValueSource(
                strings = {
                    "   ",
                    "ada.example.com",
                    "ada@example",
                    "ada@@example.com",
                    "a da@example.com",
                    "@example.com",
                    "ada@.com",
                    "ada@example."
                })
        @DisplayName("an e-mail that does not look like local@domain.tld is refused before anything is claimed")
        void badEmail(String email) {
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, email, "Ada", BCRYPT))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
            verifyNoInteractions(claims, credentials);
        }

        @Test
        @DisplayName("an e-mail of 320 characters is accepted, one of 321 is refused")
        void emailLength() {
            String domain = "@example.com";
            String longest = "a".repeat(320 - domain.length()) + domain;
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, longest, "Ada", BCRYPT))
                    .expectEvents(new UserRegistered(id, longest, "Ada", Set.of(Role.CUSTOMER)));
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, "a" + longest, "Ada", BCRYPT))
                    .expectException(InvalidCommandException.class);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @NullAndEmptySource
        @ValueSource(
                strings = {
                    "  ",
                    "hunter22",
                    "$2a$10$short",
                    "$1$md5-is-not-a-password-hash-here",
                    "{noop}password-in-clear-text"
                })
        @DisplayName("a password that is not a BCrypt or Argon2 hash is refused, whatever it is")
        void notAHash(String passwordHash) {
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, "ada@example.com", "Ada", passwordHash))
                    .expectException(InvalidCommandException.class)
                    .expectExceptionMessage("A password must arrive hashed with BCrypt or Argon2")
                    .expectNoEvents();
            verifyNoInteractions(claims, credentials);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        @DisplayName("a registration without a name is refused")
        void noName(String name) {
            fixture.givenNoPriorActivity()
                    .when(new RegisterUser(id, "ada@example.com", name, BCRYPT))
                    .expectException(InvalidCommandException.class);
        }
    }

    @Nested
    class Profile {

        @Test
        @DisplayName("a new name is recorded trimmed")
        void rename() {
            fixture.given(registered)
                    .when(new ChangeUserProfile(id, "  Ada Lovelace ", null))
                    .expectEvents(new UserProfileChanged(id, "Ada Lovelace"));
        }

        @Test
        @DisplayName("the same name again changes nothing")
        void sameName() {
            fixture.given(registered)
                    .when(new ChangeUserProfile(id, " Ada", null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("a name has 1 to 100 characters after trimming")
        void nameLength() {
            fixture.given(registered)
                    .when(new ChangeUserProfile(id, "x".repeat(100), null))
                    .expectEvents(new UserProfileChanged(id, "x".repeat(100)));
            fixture.given(registered)
                    .when(new ChangeUserProfile(id, "x".repeat(101), null))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
            fixture.given(registered)
                    .when(new ChangeUserProfile(id, "   ", null))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
        }

        @Test
        @DisplayName("a change on a stale version is refused")
        void staleVersion() {
            fixture.given(registered, new UserProfileChanged(id, "Ada L."))
                    .when(new ChangeUserProfile(id, "Ada Lovelace", 0L))
                    .expectException(ConflictingAggregateVersionException.class);
        }

        @Test
        @DisplayName("a deactivated user's profile cannot change")
        void deactivatedProfile() {
            fixture.given(registered, deactivated)
                    .when(new ChangeUserProfile(id, "Other", null))
                    .expectException(deactivatedRefusal())
                    .expectNoEvents();
        }
    }

    @Nested
    class Roles {

        @Test
        @DisplayName("granting ADMIN records it")
        void grant() {
            fixture.given(registered)
                    .when(new GrantRole(id, Role.ADMIN, 0L))
                    .expectEvents(new RoleGranted(id, Role.ADMIN));
        }

        @Test
        @DisplayName("granting a role the user holds changes nothing")
        void grantHeld() {
            fixture.given(registered, new RoleGranted(id, Role.ADMIN))
                    .when(new GrantRole(id, Role.ADMIN, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            fixture.given(registered)
                    .when(new GrantRole(id, Role.CUSTOMER, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("revoking ADMIN records it")
        void revoke() {
            fixture.given(registered, new RoleGranted(id, Role.ADMIN))
                    .when(new RevokeRole(id, Role.ADMIN, null))
                    .expectEvents(new RoleRevoked(id, Role.ADMIN));
        }

        @Test
        @DisplayName("revoking a role the user does not hold changes nothing")
        void revokeNotHeld() {
            fixture.given(registered)
                    .when(new RevokeRole(id, Role.ADMIN, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("CUSTOMER cannot be revoked")
        void revokeCustomer() {
            fixture.given(registered)
                    .when(new RevokeRole(id, Role.CUSTOMER, null))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
        }

        @Test
        @DisplayName("a grant or revocation without a role is refused")
        void noRole() {
            fixture.given(registered)
                    .when(new GrantRole(id, null, null))
                    .expectException(InvalidCommandException.class);
            fixture.given(registered)
                    .when(new RevokeRole(id, null, null))
                    .expectException(InvalidCommandException.class);
        }

        @Test
        @DisplayName("a deactivated user's roles cannot change")
        void deactivatedRoles() {
            fixture.given(registered, deactivated)
                    .when(new GrantRole(id, Role.ADMIN, null))
                    .expectException(deactivatedRefusal())
                    .expectNoEvents();
            fixture.given(registered, new RoleGranted(id, Role.ADMIN), deactivated)
                    .when(new RevokeRole(id, Role.ADMIN, null))
                    .expectException(deactivatedRefusal())
                    .expectNoEvents();
        }
    }

    @Nested
    class Deactivation {

        @Test
        @DisplayName("an active user can be deactivated")
        void deactivate() {
            fixture.given(registered).when(new DeactivateUser(id, 0L)).expectEvents(deactivated);
        }

        @Test
        @DisplayName("deactivating twice changes nothing")
        void twice() {
            fixture.given(registered, deactivated)
                    .when(new DeactivateUser(id, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Test
    @DisplayName("no command of an existing user touches the claims or the stored hash")
    void laterCommandsLeaveCredentialsToTheEvents() {
        fixture.given(registered).when(new GrantRole(id, Role.ADMIN, null)).expectSuccessfulHandlerExecution();
        fixture.given(registered).when(new DeactivateUser(id, null)).expectSuccessfulHandlerExecution();
        verifyNoInteractions(claims, credentials);
    }

    /** The refusal of a deactivated user: a 409 naming the state the user is in. */
    private static Matcher<?> deactivatedRefusal() {
        return allOf(
                instanceOf(IllegalTransitionException.class),
                new FeatureMatcher<IllegalTransitionException, String>(
                        equalTo("DEACTIVATED"), "current state", "currentState") {
                    @Override
                    protected String featureValueOf(IllegalTransitionException actual) {
                        return actual.currentState();
                    }
                });
    }
}
