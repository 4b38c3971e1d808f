package org.ledgerline.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ledgerline.testsupport.Retries.retryOn;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.Money;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.ChargeForOrder;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.GrantRole;
import org.ledgerline.user.api.RegisterUser;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.UserId;
import org.ledgerline.user.api.UserLogins;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The user context on real PostgreSQL: credentials beside the events, races decided by the database. */
@LedgerlineIntegrationTest(properties = "ledgerline.admin.email=")
class UserContextIT {

    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR";

    @Autowired
    CommandGateway commands;
    @Autowired
    UserLogins logins;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_registered_user_can_be_found_for_login_and_no_event_holds_the_hash() {
        UserId id = new UserId(UUID.randomUUID());
        commands.sendAndWait(new RegisterUser(id, "Grace@Example.com", "Grace", HASH));
        commands.sendAndWait(new GrantRole(id, Role.ADMIN, 0L));

        var login = logins.byEmail("GRACE@example.COM").orElseThrow();
        assertThat(login.userId()).isEqualTo(id);
        assertThat(login.passwordHash()).isEqualTo(HASH);
        assertThat(login.roles()).containsExactlyInAnyOrder(Role.CUSTOMER, Role.ADMIN);
        assertThat(login.active()).isTrue();
        assertThat(jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry", String.class))
                .isNotEmpty()
                .noneMatch(payload -> payload.contains(HASH) || payload.contains("$2a$"));
    }

    @Test
    void of_two_concurrent_registrations_with_one_email_exactly_one_wins_and_the_loser_writes_nothing()
            throws Exception {
        List<UserId> ids = List.of(new UserId(UUID.randomUUID()), new UserId(UUID.randomUUID()));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            outcomes.add(pool.submit(register(ids.get(0), "race@example.com")));
            outcomes.add(pool.submit(register(ids.get(1), "RACE@example.com")));
            int winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM user_credential WHERE email = 'race@example.com'",
                                       Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN (?, ?)",
                                       Integer.class, ids.get(0).toString(), ids.get(1).toString())).isEqualTo(1);
    }

    @Test
    void a_registration_with_a_taken_email_is_refused() {
        commands.sendAndWait(new RegisterUser(new UserId(UUID.randomUUID()), "taken@example.com", "A", HASH));
        assertThatThrownBy(() -> commands.sendAndWait(
                new RegisterUser(new UserId(UUID.randomUUID()), "Taken@example.com", "B", HASH)))
                .isInstanceOf(AlreadyTakenException.class);
    }

    @Test
    void twenty_concurrent_charges_of_ten_on_fifty_charge_exactly_five() throws Exception {
        AccountId account = new AccountId(UUID.randomUUID());
        commands.sendAndWait(new DepositMoney(account, Money.of("50.00", "EUR")));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> charges = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                UUID order = UUID.randomUUID();
                charges.add(pool.submit(() -> retryOn(ConcurrencyException.class, 100,
                        () -> commands.sendAndWait(new ChargeForOrder(account, order, Money.of("10.00", "EUR"))))));
            }
            for (Future<?> charge : charges) {
                charge.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(countOf(account, "AccountCharged")).isEqualTo(5);
        assertThat(countOf(account, "ChargeDeclined")).isEqualTo(15);
    }

    private int countOf(AccountId account, String eventType) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                                           + "AND payloadtype = ?", Integer.class, account.toString(),
                                   "org.ledgerline.user.api." + eventType);
    }

    private Callable<Boolean> register(UserId id, String email) {
        return () -> {
            try {
                commands.sendAndWait(new RegisterUser(id, email, "Racer", HASH));
                return true;
            } catch (AlreadyTakenException | ConcurrencyException e) {
                return false;
            }
        };
    }

}
