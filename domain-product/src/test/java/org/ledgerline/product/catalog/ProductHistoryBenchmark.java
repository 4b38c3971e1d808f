package org.ledgerline.product.catalog;

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
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.product.api.StockRejectionReason;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a product's history costs (ADR 0024): a product that has answered {@code bench.orders} orders (appended in
 * bulk, as {@link ProductHistoryIT} does), its snapshot's stored size, the time and CPU to load it from that snapshot
 * and from its events alone, and to answer a late ReserveStock and a new one. Uses only what every release has, so
 * the same class measures the release before. Not part of {@code bin/test}; run {@code bin/bench-aggregates}.
 */
@LedgerlineIntegrationTest(properties = "ledgerline.event-store.aggregate-cache-size=0")
class ProductHistoryBenchmark {

    private static final int STOCK = 1_000_000;

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    Snapshotter snapshotter;

    @Autowired
    Repository<Product> products;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void history() throws InterruptedException {
        int orders = Integer.getInteger("bench.orders", 100_000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        ProductId id = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(id, "BENCH-" + id.value(), "Bench", Money.of("1.00", "EUR"), STOCK));
        long last = append(id, orders);

        snapshotter.scheduleSnapshot(Product.class, id.toString());
        while (snapshotSize(id, last) < 0) {
            Thread.sleep(100); // a benchmark, not a test: waits for the snapshotter's own thread
        }
        long snapshotBytes = snapshotSize(id, last);
        long[] fromSnapshot = measure(rounds, () -> load(id));
        // One load from the events alone, before any command: a command past the snapshot threshold schedules a
        // snapshot, which a later load would read instead of the events.
        jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?", id.toString());
        long[] fromEvents = measure(1, 0, () -> load(id));
        snapshotter.scheduleSnapshot(Product.class, id.toString()); // the commands below start from a snapshot again
        while (snapshotSize(id, last) < 0) {
            Thread.sleep(100);
        }
        long[] lateReserve = measure(rounds, () -> {
            commands.sendAndWait(new ReserveStock(id, order(id, 1), 1));
            return 0;
        });
        long[] newReserve = measure(rounds, () -> {
            commands.sendAndWait(new ReserveStock(id, UUID.randomUUID(), 1));
            return 0;
        });
        long appendedByLate = events(id) - (last + 1) - (rounds + 1); // less the new ones (and their warm-up)

        System.out.printf(
                "%nproduct history: %d orders, %d events; snapshot %d bytes; load from snapshot %s;"
                        + " load from events %s; late ReserveStock %s (events appended: %d); new ReserveStock %s%n",
                orders,
                last + 1,
                snapshotBytes,
                summary(fromSnapshot),
                summary(fromEvents),
                summary(lateReserve),
                appendedByLate,
                summary(newReserve));
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

    private long append(ProductId product, int orders) {
        String id = product.toString();
        long sequence = 0;
        int available = STOCK;
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            UUID order = order(product, i);
            if (i % 10 == 0) {
                batch.add(event(
                        id,
                        ++sequence,
                        new StockReservationRejected(
                                product, order, STOCK + 1, available, StockRejectionReason.OUT_OF_STOCK)));
            } else {
                available--;
                batch.add(event(id, ++sequence, new StockReserved(product, order, 1, available)));
                if (i % 2 == 1) {
                    batch.add(event(id, ++sequence, new StockReservationCommitted(product, order, 1)));
                } else {
                    available++;
                    batch.add(event(id, ++sequence, new StockReservationReleased(product, order, 1, available)));
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

    private static DomainEventMessage<?> event(String id, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(Product.class.getSimpleName(), id, sequence, payload);
    }

    private static UUID order(ProductId product, int i) {
        return new UUID(product.value().getMostSignificantBits(), i);
    }

    private long load(ProductId product) {
        return DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(() -> products.load(product.toString()).version())
                .getPayload();
    }

    private long snapshotSize(ProductId product, long sequence) {
        List<Long> sizes = jdbc.queryForList(
                "SELECT octet_length(payload) FROM snapshotevententry WHERE aggregateidentifier = ?"
                        + " AND sequencenumber = ?",
                Long.class,
                product.toString(),
                sequence);
        return sizes.isEmpty() ? -1 : sizes.getFirst();
    }

    private long events(ProductId product) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, product.toString());
    }
}
