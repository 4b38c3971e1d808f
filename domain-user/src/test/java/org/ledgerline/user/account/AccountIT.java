package org.ledgerline.user.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ledgerline.testsupport.Retries.retryOn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclineReason;
import org.ledgerline.user.api.ChargeDeclined;
import org.ledgerline.user.api.ChargeForOrder;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.RefundOrder;
import org.ledgerline.user.api.RegisterUser;
import org.ledgerline.user.api.UserEvents;
import org.ledgerline.user.api.UserId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Accounts on real PostgreSQL: their own stream beside the user's, declines as events, races on one balance. */
@LedgerlineIntegrationTest
class AccountIT {

    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR";

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_users_account_is_addressed_by_the_user_id_and_kept_in_a_stream_of_its_own() {
        UserId user = newUser();
        commands.sendAndWait(new RegisterUser(user, user.value() + "@example.com", "Holder", HASH));
        commands.sendAndWait(new DepositMoney(user, eur("25.00")));

        assertThat(typesOf(user.toString())).containsExactly("user.UserRegistered");
        assertThat(typesOf(AccountId.of(user).toString())).containsExactly("user.AccountOpened", "user.MoneyDeposited");
    }

    @Test
    void a_charge_beyond_the_balance_is_stored_as_declined_and_leaves_the_balance_unchanged() {
        UserId user = newUser();
        UUID order = UUID.randomUUID();
        commands.sendAndWait(new DepositMoney(user, eur("30.00")));

        commands.sendAndWait(new ChargeForOrder(user, order, eur("30.01")));

        assertThat(lastEvent(user))
                .isEqualTo(new ChargeDeclined(
                        AccountId.of(user), order, eur("30.01"), ChargeDeclineReason.INSUFFICIENT_FUNDS, eur("30.00")));
        assertThat(count(user, AccountCharged.class)).isZero();
        commands.sendAndWait(new DepositMoney(user, eur("1.00")));
        assertThat(lastEvent(user))
                .as("the balance was untouched by the decline")
                .isEqualTo(new MoneyDeposited(AccountId.of(user), eur("1.00"), eur("31.00")));
    }

    @Test
    void twenty_concurrent_charges_of_ten_on_fifty_charge_exactly_five() throws Exception {
        UserId user = newUser();
        commands.sendAndWait(new DepositMoney(user, eur("50.00")));
        List<UUID> orders = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> charges = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                UUID order = UUID.randomUUID();
                orders.add(order);
                charges.add(pool.submit(() -> {
                    start.await();
                    // A caller that loses the optimistic-locking race on the account sends the command again.
                    retryOn(
                            ConcurrencyException.class,
                            100,
                            () -> commands.sendAndWait(new ChargeForOrder(user, order, eur("10.00"))));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> charge : charges) {
                charge.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(count(user, AccountCharged.class)).isEqualTo(5);
        assertThat(count(user, ChargeDeclined.class)).isEqualTo(15);
        assertThat(eventsOf(user))
                .filteredOn(AccountCharged.class::isInstance)
                .map(event -> ((AccountCharged) event).balance())
                .containsExactlyInAnyOrder(eur("40.00"), eur("30.00"), eur("20.00"), eur("10.00"), eur("0.00"));
        assertThat(jdbc.queryForObject(
                        "SELECT count(DISTINCT sequencenumber) FROM domainevententry "
                                + "WHERE aggregateidentifier = ?",
                        Integer.class,
                        AccountId.of(user).toString()))
                .isEqualTo(22);
    }

    @Test
    void charges_and_refunds_stay_idempotent_after_the_account_is_rebuilt_from_a_snapshot() {
        UserId user = newUser();
        commands.sendAndWait(new DepositMoney(user, eur("100.00")));
        List<UUID> orders = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID order : orders) {
            commands.sendAndWait(new ChargeForOrder(user, order, eur("10.00")));
        }
        commands.sendAndWait(new RefundOrder(user, orders.getFirst()));

        // Threshold 5 (test application.yaml): the snapshot is taken off the command thread after the commit.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?",
                                Integer.class,
                                AccountId.of(user).toString()))
                        .isPositive());
        int before = eventsOf(user).size();

        commands.sendAndWait(new ChargeForOrder(user, orders.get(1), eur("10.00")));
        commands.sendAndWait(new RefundOrder(user, orders.getFirst()));
        assertThat(eventsOf(user)).hasSize(before);

        commands.sendAndWait(new RefundOrder(user, orders.get(1)));
        assertThat(lastEvent(user))
                .isEqualTo(new AccountRefunded(AccountId.of(user), orders.get(1), eur("10.00"), eur("80.00")));
    }

    @Test
    void a_refund_on_an_account_that_never_existed_succeeds_and_stores_nothing() {
        UserId user = newUser();

        commands.sendAndWait(new RefundOrder(user, UUID.randomUUID()));

        assertThat(typesOf(AccountId.of(user).toString())).isEmpty();
        commands.sendAndWait(new DepositMoney(user, eur("5.00")));
        assertThat(typesOf(AccountId.of(user).toString())).containsExactly("user.AccountOpened", "user.MoneyDeposited");
    }

    /** Every event of the account, from the first: the stream as stored, not as rebuilt from a snapshot. */
    private List<Object> eventsOf(UserId user) {
        return eventStore
                .readEvents(AccountId.of(user).toString(), 0L)
                .asStream()
                .map(message -> (Object) message.getPayload())
                .toList();
    }

    private Object lastEvent(UserId user) {
        return eventsOf(user).getLast();
    }

    private List<String> typesOf(String aggregateId) {
        return jdbc.queryForList(
                "SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? " + "ORDER BY sequencenumber",
                String.class,
                aggregateId);
    }

    private int count(UserId user, Class<?> eventType) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? " + "AND payloadtype = ?",
                Integer.class,
                AccountId.of(user).toString(),
                UserEvents.CATALOG.events().stream()
                        .filter(e -> e.type() == eventType)
                        .findFirst()
                        .orElseThrow()
                        .name());
    }

    private static UserId newUser() {
        return new UserId(UUID.randomUUID());
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }
}
