package org.ledgerline.user.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.ChangeUserProfile;
import org.ledgerline.user.api.DeactivateUser;
import org.ledgerline.user.api.GrantRole;
import org.ledgerline.user.api.RegisterUser;
import org.ledgerline.user.api.RevokeRole;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.UserId;
import org.ledgerline.user.api.UserLogin;
import org.ledgerline.user.api.UserLogins;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Users on real PostgreSQL: credentials beside the events, in their transaction, and races the database decides. */
@LedgerlineIntegrationTest
class UserCredentialsIT {

    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR";
    private static final String OTHER_HASH = "$2a$10$ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvutsrqponmlkji";

    @Autowired
    CommandGateway commands;

    @Autowired
    UserLogins logins;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_registered_user_can_sign_in_by_email_in_any_case_and_no_stored_event_holds_the_hash() {
        UserId id = newId();
        commands.sendAndWait(new RegisterUser(id, " Grace@Example.com ", "Grace", HASH));

        UserLogin login = logins.byEmail("GRACE@example.COM").orElseThrow();
        assertThat(login).isEqualTo(new UserLogin(id, "grace@example.com", HASH, Set.of(Role.CUSTOMER), true));
        assertThat(logins.byId(id)).contains(login);
        assertThat(jdbc.queryForObject(
                        "SELECT password_hash FROM user_credential WHERE user_id = ?", String.class, id.value()))
                .isEqualTo(HASH);
        assertThat(jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry", String.class))
                .isNotEmpty()
                .noneMatch(payload -> payload.contains(HASH) || payload.contains("$2a$"));
        assertThat(logins.byEmail("nobody@example.com")).isEmpty();
        assertThat(logins.byId(newId())).isEmpty();
    }

    @Test
    void of_two_concurrent_registrations_of_one_email_exactly_one_wins_and_the_loser_writes_nothing() throws Exception {
        UserId first = newId();
        UserId second = newId();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<UserId>> outcomes = new ArrayList<>();
        try {
            outcomes.add(pool.submit(register(start, first, "race@example.com")));
            outcomes.add(pool.submit(register(start, second, "RACE@Example.com")));
            start.countDown();
            List<UserId> winners = new ArrayList<>();
            List<Throwable> refusals = new ArrayList<>();
            for (Future<UserId> outcome : outcomes) {
                try {
                    winners.add(outcome.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    refusals.add(e.getCause());
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(refusals).singleElement().isInstanceOf(AlreadyTakenException.class);

            UserId winner = winners.getFirst();
            UserId loser = winner.equals(first) ? second : first;
            assertThat(logins.byEmail("race@example.com"))
                    .map(UserLogin::userId)
                    .contains(winner);
            assertThat(eventsOf(loser)).isZero();
            assertThat(eventsOf(winner)).isOne();
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM user_credential WHERE user_id = ?", Integer.class, loser.value()))
                    .isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_registration_with_a_taken_email_is_refused_and_leaves_the_owner_untouched() {
        UserId owner = newId();
        commands.sendAndWait(new RegisterUser(owner, "taken@example.com", "A", HASH));
        UserId intruder = newId();

        assertThatThrownBy(() -> commands.sendAndWait(new RegisterUser(intruder, "Taken@Example.com", "B", OTHER_HASH)))
                .isInstanceOf(AlreadyTakenException.class)
                .hasMessageNotContaining("taken@example.com");
        assertThat(logins.byEmail("taken@example.com"))
                .map(UserLogin::passwordHash)
                .contains(HASH);
        assertThat(eventsOf(intruder)).isZero();
    }

    @Test
    void registering_an_existing_id_again_fails_as_a_duplicate_aggregate_and_claims_nothing() {
        UserId id = newId();
        commands.sendAndWait(new RegisterUser(id, "first@example.com", "First", HASH));

        assertThatThrownBy(() -> commands.sendAndWait(new RegisterUser(id, "second@example.com", "Second", OTHER_HASH)))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(logins.byId(id)).map(UserLogin::email).contains("first@example.com");
        assertThat(logins.byId(id)).map(UserLogin::passwordHash).contains(HASH);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM unique_claim WHERE value = 'second@example.com'", Integer.class))
                .isZero();
    }

    @Test
    void roles_and_deactivation_reach_the_login_lookup_with_the_command() {
        UserId id = newId();
        commands.sendAndWait(new RegisterUser(id, "admin-to-be@example.com", "Admin", HASH));

        commands.sendAndWait(new GrantRole(id, Role.ADMIN, 0L));
        assertThat(logins.byId(id).orElseThrow().roles()).containsExactlyInAnyOrder(Role.CUSTOMER, Role.ADMIN);
        assertThat(logins.byEmail("Admin-To-Be@example.com").orElseThrow().roles())
                .contains(Role.ADMIN);

        commands.sendAndWait(new RevokeRole(id, Role.ADMIN, 1L));
        assertThat(logins.byId(id).orElseThrow().roles()).containsExactly(Role.CUSTOMER);

        commands.sendAndWait(new DeactivateUser(id, 2L));
        assertThat(logins.byId(id).orElseThrow().active()).isFalse();
        assertThat(logins.byId(id).orElseThrow().passwordHash()).isEqualTo(HASH);
    }

    @Test
    void a_user_is_rebuilt_from_its_snapshot_with_roles_and_status() {
        UserId id = newId();
        commands.sendAndWait(new RegisterUser(id, "snap@example.com", "Snap", HASH));
        commands.sendAndWait(new ChangeUserProfile(id, "Snap 2", null));
        commands.sendAndWait(new GrantRole(id, Role.ADMIN, null));
        commands.sendAndWait(new ChangeUserProfile(id, "Snap 3", null));

        // Threshold 3 (test application.yaml): the snapshot is taken off the command thread after the commit.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?",
                                Integer.class,
                                id.toString()))
                        .isPositive());

        // Rebuilt from the snapshot, the user still holds ADMIN (granting again is a no-op) and is active.
        commands.sendAndWait(new GrantRole(id, Role.ADMIN, null));
        assertThat(eventsOf(id)).isEqualTo(4);
        commands.sendAndWait(new DeactivateUser(id, 3L));
        assertThat(eventsOf(id)).isEqualTo(5);
    }

    @Test
    void a_command_whose_login_update_fails_is_rolled_back_with_its_events() {
        UserId id = newId();
        commands.sendAndWait(new RegisterUser(id, "vanished@example.com", "Vanished", HASH));
        // Simulates the table falling behind: the subscribing handler finds no row to update and throws.
        jdbc.update("DELETE FROM user_credential WHERE user_id = ?", id.value());

        assertThatThrownBy(() -> commands.sendAndWait(new GrantRole(id, Role.ADMIN, 0L)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(eventsOf(id))
                .as("the RoleGranted event rolled back with the failed handler")
                .isOne();
    }

    private Callable<UserId> register(CountDownLatch start, UserId id, String email) {
        return () -> {
            start.await();
            commands.sendAndWait(new RegisterUser(id, email, "Racer", HASH));
            return id;
        };
    }

    private int eventsOf(UserId id) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Integer.class, id.toString());
    }

    private static UserId newId() {
        return new UserId(UUID.randomUUID());
    }
}
