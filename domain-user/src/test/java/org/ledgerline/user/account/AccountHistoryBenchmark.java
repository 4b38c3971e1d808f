package org.ledgerline.user.account;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
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
import org.ledgerline.user.api.UserId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an account's history costs (ADR 0024): an account that has answered {@code bench.orders} orders (appended in
 * bulk, as {@link AccountHistoryIT} does), its snapshot's stored size, the time and CPU to load it from that snapshot
 * and from its events alone, and to answer a late ChargeForOrder and a new one. Uses only what every release has,
 * so the same class measures the release before. Not part of {@code bin/test}; run {@code bin/bench-aggregates}.
 */
@LedgerlineIntegrationTest(properties = "ledgerline.event-store.aggregate-cache-size=0")
class AccountHistoryBenchmark {

    private static final Money DEPOSIT = Money.of("1000000.00", "EUR");
    private static final Money ONE = Money.of("1.00", "EUR");
    private static final Money TOO_MUCH = Money.of("2000000.00", "EUR");

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    Snapshotter snapshotter;

    @Autowired
    Repository<Account> accounts;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void history() throws InterruptedException {
        int orders = Integer.getInteger("bench.orders", 100_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        UserId user = new UserId(UUID.randomUUID());
        AccountId id = AccountId.of(user);
        commands.sendAndWait(new DepositMoney(user, DEPOSIT));
        long last = append(user, orders);

        snapshotter.scheduleSnapshot(Account.class, id.toString());
        while (snapshotSize(id, last) < 0) {
            Thread.sleep(100); // a benchmark, not a test: waits for the snapshotter's own thread
        }
        long snapshotBytes = snapshotSize(id, last);
        long[] fromSnapshot = measure(rounds, () -> load(id));
        // One load from the events alone, before any command: a command past the snapshot threshold schedules a
        // snapshot, which a later load would read instead of the events.
        jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?", id.toString());
        long[] fromEvents = measure(1, 0, () -> load(id));
        snapshotter.scheduleSnapshot(Account.class, id.toString()); // the commands below start from a snapshot again
        while (snapshotSize(id, last) < 0) {
            Thread.sleep(100);
        }
        long[] lateCharge = measure(rounds, () -> {
            commands.sendAndWait(new ChargeForOrder(user, order(user, 1), ONE));
            return 0;
        });
        long[] newCharge = measure(rounds, () -> {
            commands.sendAndWait(new ChargeForOrder(user, UUID.randomUUID(), ONE));
            return 0;
        });
        long appendedByLate = events(id) - (last + 1) - (rounds + 1); // less the new ones (and their warm-up)

        System.out.printf(
                "%naccount history: %d orders, %d events; snapshot %d bytes; load from snapshot %s;"
                        + " load from events %s; late ChargeForOrder %s (events appended: %d); new ChargeForOrder %s%n",
                orders,
                last + 1,
                snapshotBytes,
                summary(fromSnapshot),
                summary(fromEvents),
                summary(lateCharge),
                appendedByLate,
                summary(newCharge));
    }

    /** Rounds of {@code action}: wall and this thread's CPU microseconds, alternating, per round. */
    private static long[] measure(int rounds, LongSupplier action) {
        return measure(rounds, 1, action);
    }

    /** Rounds of {@code action} after {@code warmUps} unmeasured ones. */
    private static long[] measure(int rounds, int warmUps, LongSupplier action) {
        var threads = ManagementFactory.getThreadMXBean();
        long[] out = new long[rounds * 2];
        for (int i = 0; i < warmUps; i++) {
            action.getAsLong();
        }
        for (int i = 0; i < rounds; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            action.getAsLong();
            out[i * 2] = (System.nanoTime() - wall) / 1_000;
            out[i * 2 + 1] = (threads.getCurrentThreadCpuTime() - cpu) / 1_000;
        }
        return out;
    }

    private static String summary(long[] measured) {
        long[] wall = new long[measured.length / 2];
        long[] cpu = new long[measured.length / 2];
        for (int i = 0; i < wall.length; i++) {
            wall[i] = measured[i * 2];
            cpu[i] = measured[i * 2 + 1];
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return String.format(
                "median %.1f ms wall, %.1f ms CPU", wall[wall.length / 2] / 1e3, cpu[cpu.length / 2] / 1e3);
    }

    private long append(UserId user, int orders) {
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

    private long load(AccountId id) {
        return DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(() -> accounts.load(id.toString()).version())
                .getPayload();
    }

    private long snapshotSize(AccountId id, long sequence) {
        List<Long> sizes = jdbc.queryForList(
                "SELECT octet_length(payload) FROM snapshotevententry WHERE aggregateidentifier = ?"
                        + " AND sequencenumber = ?",
                Long.class,
                id.toString(),
                sequence);
        return sizes.isEmpty() ? -1 : sizes.getFirst();
    }

    private long events(AccountId id) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, id.toString());
    }
}
