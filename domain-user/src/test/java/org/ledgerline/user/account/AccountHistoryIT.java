package org.ledgerline.user.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
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
import org.ledgerline.user.api.RefundOrder;
import org.ledgerline.user.api.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An account that has answered 100,000 orders (ADR 0024): late and repeated charges and refunds for its earliest
 * orders are answered "already done" with nothing appended, a charge never refunded is still refunded with its own
 * amount, its snapshot is as small as a new account's, events stored before the charge table existed are back-filled
 * by the migration, and a snapshot of the earlier, bloated shape still loads. The history is appended in bulk through
 * the storage engine. Without the aggregate cache, so every command loads the account from the store.
 */
@LedgerlineIntegrationTest(properties = "ledgerline.event-store.aggregate-cache-size=0")
class AccountHistoryIT {

    private static final Logger log = LoggerFactory.getLogger(AccountHistoryIT.class);
    private static final int ORDERS = 100_000;
    private static final Money DEPOSIT = Money.of("1000000.00", "EUR");
    private static final Money ONE = Money.of("1.00", "EUR");
    private static final Money TOO_MUCH = Money.of("2000000.00", "EUR");

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    EventStore eventStore;

    @Autowired
    Snapshotter snapshotter;

    @Autowired
    Repository<Account> accounts;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void an_account_with_a_long_history_answers_late_commands_from_the_charge_table_and_keeps_a_small_snapshot()
            throws IOException {
        UserId small = newAccount();
        long smallLast = appendHistory(small, 10);
        UserId big = newAccount();
        long bigLast = appendHistory(big, ORDERS);
        AccountId id = AccountId.of(big);

        assertThat(charges(big))
                .as("one row per answered order, written by the appends")
                .isEqualTo(ORDERS);

        // Events stored before the table existed: the migration's back-fill gives them their rows.
        jdbc.update("DELETE FROM account_order_charge WHERE account_id = ?", id.toString());
        for (String statement : backFill()) {
            jdbc.update(statement);
        }
        assertThat(charges(big)).as("back-filled from the stored events").isEqualTo(ORDERS);
        assertThat(jdbc.queryForList(
                        "SELECT outcome FROM account_order_charge WHERE account_id = ? AND order_id IN (?, ?, ?)"
                                + " ORDER BY order_id",
                        String.class,
                        id.toString(),
                        order(big, 0),
                        order(big, 3),
                        order(big, 1)))
                .containsExactly("DECLINED", "REFUNDED", "CHARGED");

        long smallSnapshot = snapshot(small, smallLast);
        long started = System.nanoTime();
        long bigSnapshot = snapshot(big, bigLast);
        long fromEventsMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(bigSnapshot)
                .as("the snapshot does not grow with the history")
                .isLessThan(1024)
                .isBetween(smallSnapshot - 16, smallSnapshot + 16);

        started = System.nanoTime();
        assertThat(load(big)).isEqualTo(bigLast);
        long fromSnapshotMs = (System.nanoTime() - started) / 1_000_000;

        lateCommandsChangeNothing(big, bigLast);

        // A snapshot of the earlier shape (every charge, refund and decline in it) still loads, and answers the same.
        jdbc.update("""
                UPDATE snapshotevententry SET payload = convert_to((convert_from(payload, 'UTF8')::jsonb
                    || jsonb_build_object(
                        'charges', (SELECT jsonb_object_agg(order_id::text,
                                        jsonb_build_object('amount', amount, 'currency', currency))
                                    FROM account_order_charge WHERE account_id = ? AND outcome <> 'DECLINED'),
                        'refunded', (SELECT jsonb_agg(order_id::text)
                                     FROM account_order_charge WHERE account_id = ? AND outcome = 'REFUNDED'),
                        'declined', (SELECT jsonb_agg(order_id::text)
                                     FROM account_order_charge WHERE account_id = ? AND outcome = 'DECLINED')))::text,
                    'UTF8')
                WHERE aggregateidentifier = ? AND sequencenumber = ?""", id.toString(), id.toString(), id.toString(), id.toString(), bigLast);
        long oldShape = snapshotSize(big, bigLast);
        started = System.nanoTime();
        assertThat(load(big)).isEqualTo(bigLast);
        long fromOldSnapshotMs = (System.nanoTime() - started) / 1_000_000;
        lateCommandsChangeNothing(big, bigLast);

        // An early charge that was never refunded is refunded, once, with its own amount.
        Money balance = lastBalance(big);
        commands.sendAndWait(new RefundOrder(big, order(big, 3)));
        assertThat(lastEvent(big)).isEqualTo(new AccountRefunded(id, order(big, 3), ONE, balance.plus(ONE)));
        commands.sendAndWait(new RefundOrder(big, order(big, 3)));
        assertThat(events(big)).as("refunded once").isEqualTo(bigLast + 2);

        log.info(
                "account with {} orders: snapshot {} bytes (an account with 10 orders: {}; the earlier shape: {}),"
                        + " load from snapshot {} ms, from the earlier-shape snapshot {} ms,"
                        + " snapshot taken from {} events in {} ms",
                ORDERS,
                bigSnapshot,
                smallSnapshot,
                oldShape,
                fromSnapshotMs,
                fromOldSnapshotMs,
                bigLast + 1,
                fromEventsMs);
    }

    private void lateCommandsChangeNothing(UserId user, long last) {
        // 0, 10: declined; 1, 7: charged and refunded; 2, 4, 5: charged. The balance covers every charge by now.
        for (int i : new int[] {0, 1, 2, 4, 5, 7, 10, ORDERS - 1}) {
            commands.sendAndWait(new ChargeForOrder(user, order(user, i), ONE));
        }
        for (int i : new int[] {0, 1, 7, 10}) {
            commands.sendAndWait(new RefundOrder(user, order(user, i)));
        }
        assertThat(events(user))
                .as("charged, declined and refunded orders are answered already: nothing appended")
                .isEqualTo(last + 1);
    }

    private UserId newAccount() {
        UserId user = new UserId(UUID.randomUUID());
        commands.sendAndWait(new DepositMoney(user, DEPOSIT));
        return user;
    }

    /** Order i: every tenth declined, the others charged; of those, every third (i % 3 == 1) refunded. */
    private long appendHistory(UserId user, int orders) {
        AccountId id = AccountId.of(user);
        long sequence = 1; // AccountOpened, MoneyDeposited
        Money balance = DEPOSIT;
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            UUID order = order(user, i);
            if (i % 10 == 0) {
                batch.add(event(
                        id,
                        ++sequence,
                        new ChargeDeclined(id, order, TOO_MUCH, ChargeDeclineReason.INSUFFICIENT_FUNDS, balance)));
            } else {
                balance = balance.minus(ONE);
                batch.add(event(id, ++sequence, new AccountCharged(id, order, ONE, balance)));
                if (i % 3 == 1) {
                    balance = balance.plus(ONE);
                    batch.add(event(id, ++sequence, new AccountRefunded(id, order, ONE, balance)));
                }
            }
            if (batch.size() >= 5_000 || i == orders - 1) {
                List<DomainEventMessage<?>> appending = List.copyOf(batch);
                transactionManager.executeInTransaction(() -> engine.appendEvents(appending));
                batch.clear();
            }
        }
        return sequence;
    }

    private static DomainEventMessage<?> event(AccountId id, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(Account.class.getSimpleName(), id.toString(), sequence, payload);
    }

    private static UUID order(UserId user, int i) {
        return new UUID(user.value().getMostSignificantBits(), i);
    }

    private long snapshot(UserId user, long last) {
        snapshotter.scheduleSnapshot(Account.class, AccountId.of(user).toString());
        await().atMost(Duration.ofMinutes(3))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?"
                                        + " AND sequencenumber = ?",
                                Integer.class,
                                AccountId.of(user).toString(),
                                last)
                        == 1);
        return snapshotSize(user, last);
    }

    private long snapshotSize(UserId user, long sequence) {
        return jdbc.queryForObject(
                "SELECT octet_length(payload) FROM snapshotevententry WHERE aggregateidentifier = ?"
                        + " AND sequencenumber = ?",
                Long.class,
                AccountId.of(user).toString(),
                sequence);
    }

    private long load(UserId user) {
        return DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(
                        () -> accounts.load(AccountId.of(user).toString()).version())
                .getPayload();
    }

    private int charges(UserId user) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM account_order_charge WHERE account_id = ?",
                Integer.class,
                AccountId.of(user).toString());
    }

    private long events(UserId user) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class,
                AccountId.of(user).toString());
    }

    private Object lastEvent(UserId user) {
        String id = AccountId.of(user).toString();
        return eventStore
                .readEvents(id, events(user) - 1)
                .asStream()
                .toList()
                .getLast()
                .getPayload();
    }

    private Money lastBalance(UserId user) {
        return switch (lastEvent(user)) {
            case AccountCharged charged -> charged.balance();
            case AccountRefunded refunded -> refunded.balance();
            case ChargeDeclined declined -> declined.balance();
            default -> throw new IllegalStateException("not an order event");
        };
    }

    /** The back-fill statements of migration V10_2, as a database with events from before it ran executes them. */
    private static List<String> backFill() throws IOException {
        try (InputStream in =
                AccountHistoryIT.class.getResourceAsStream("/db/migration/V10_2__account_order_charge.sql")) {
            String migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String statements = migration.substring(migration.lastIndexOf("INSERT INTO account_order_charge"));
            return List.of(statements.split(";")).stream()
                    .map(String::strip)
                    .filter(statement -> !statement.isEmpty())
                    .toList();
        }
    }
}
