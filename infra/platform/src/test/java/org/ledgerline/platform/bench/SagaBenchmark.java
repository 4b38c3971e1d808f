package org.ledgerline.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.UserId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The order saga end to end: N clients each place an order and wait until the saga confirmed it (reserve stock,
 * charge, confirm: three command round trips and the saga processor between them), then place the next. Prints
 * confirmed orders/s and placement→CONFIRMED percentiles (HdrHistogram), then where the time went (each hop between
 * an event and the saga handling it, and between the saga and the answer). Run with {@code bin/bench-saga};
 * tunables -Dbench.clients, -Dbench.seconds.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        properties = {"ledgerline.admin.email=", "logging.level.org.ledgerline=WARN"})
class SagaBenchmark {

    private static final ShippingAddress ADDRESS = new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE");

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    private final Map<UUID, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();
    /** Per order of the measured run: when OrderPlaced, StockReserved, AccountCharged, OrderConfirmed were created. */
    private final Map<UUID, Instant[]> events = new ConcurrentHashMap<>();

    private volatile boolean measuring;

    @Test
    void orders_from_placement_to_confirmation() throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        int seconds = Integer.getInteger("bench.seconds", 20);
        eventStore.subscribe(published -> published.forEach(event -> {
            if (measuring) {
                switch (event.getPayload()) {
                    case OrderPlaced placed -> at(placed.orderId().value(), 0, event.getTimestamp());
                    case StockReserved reserved -> at(reserved.orderId(), 1, event.getTimestamp());
                    case AccountCharged charged -> at(charged.orderId(), 2, event.getTimestamp());
                    case OrderConfirmed confirmed -> at(confirmed.orderId().value(), 3, event.getTimestamp());
                    default -> {}
                }
            }
            if (event.getPayload() instanceof OrderConfirmed confirmed) {
                complete(confirmed.orderId().value(), true);
            } else if (event.getPayload() instanceof OrderRejected rejected) {
                complete(rejected.orderId().value(), false);
            }
        }));
        List<UUID> products = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            commands.sendAndWait(new CreateProduct(
                    new ProductId(id), "SAGA-BENCH-" + i, "Bench " + i, Money.of("1.00", "EUR"), 1_000_000));
            products.add(id);
        }
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            UUID id = UUID.randomUUID();
            commands.sendAndWait(new DepositMoney(new UserId(id), Money.of("100000000.00", "EUR")));
            customers.add(id);
        }

        run(products, customers, Duration.ofSeconds(5)); // warm-up
        measuring = true;
        ClosedLoop.Result result = run(products, customers, Duration.ofSeconds(seconds));
        measuring = false;
        System.out.printf(
                "%nOrder saga, placement -> CONFIRMED: %d clients, %.1f s, %d orders confirmed, "
                        + "%.0f orders/s, not confirmed %d%n",
                clients, result.seconds(), result.succeeded(), result.succeeded() / result.seconds(), result.failed());
        System.out.printf("%s%n%n", result.latencyLine());
        printHops();
        assertThat(result.failed()).isZero();
    }

    private void at(UUID order, int index, Instant when) {
        events.computeIfAbsent(order, id -> new Instant[4])[index] = when;
    }

    /**
     * Where an order's time goes, from the event timestamps and the moments the saga handled each event (a step's
     * {@code started_at} in the saga journal is taken while the saga handles the event that starts it).
     */
    private void printHops() {
        Map<UUID, Instant[]> handled = new ConcurrentHashMap<>();
        jdbc.query(
                "select order_id, name, started_at from saga_steps where name in "
                        + "('RESERVE_STOCK', 'CHARGE_PAYMENT', 'CONFIRM_ORDER')",
                row -> {
                    int index = switch (row.getString("name")) {
                        case "RESERVE_STOCK" -> 0;
                        case "CHARGE_PAYMENT" -> 1;
                        default -> 2;
                    };
                    handled.computeIfAbsent(row.getObject("order_id", UUID.class), id -> new Instant[3])[index] =
                            row.getObject("started_at", OffsetDateTime.class).toInstant();
                });
        String[] names = {
            "OrderPlaced -> saga handles it",
            "saga -> StockReserved (commit, send, ReserveStock)",
            "StockReserved -> saga handles it",
            "saga -> AccountCharged (commit, send, ChargeForOrder)",
            "AccountCharged -> saga handles it",
            "saga -> OrderConfirmed (commit, send, ConfirmOrder)"
        };
        Histogram[] hops = new Histogram[names.length];
        for (int i = 0; i < hops.length; i++) {
            hops[i] = new Histogram(3);
        }
        events.forEach((order, created) -> {
            Instant[] saga = handled.get(order);
            if (saga == null
                    || Arrays.asList(created).contains(null)
                    || Arrays.asList(saga).contains(null)) {
                return;
            }
            for (int hop = 0; hop < 3; hop++) {
                hops[2 * hop].recordValue(
                        Math.max(0, Duration.between(created[hop], saga[hop]).toNanos()));
                hops[2 * hop + 1].recordValue(Math.max(
                        0, Duration.between(saga[hop], created[hop + 1]).toNanos()));
            }
        });
        System.out.printf(
                "hops of %d orders, ms:                                   p50      p90      p99%n",
                hops[0].getTotalCount());
        for (int i = 0; i < names.length; i++) {
            System.out.printf(
                    "  %-55s %8.1f %8.1f %8.1f%n", names[i], ms(hops[i], 50), ms(hops[i], 90), ms(hops[i], 99));
        }
        System.out.println();
    }

    private void complete(UUID order, boolean confirmed) {
        CompletableFuture<Boolean> future = waiting.remove(order);
        if (future != null) {
            future.complete(confirmed);
        }
    }

    /** Each customer places an order and waits until the saga confirmed (true) or rejected it, then the next. */
    private ClosedLoop.Result run(List<UUID> products, List<UUID> customers, Duration duration) throws Exception {
        return ClosedLoop.run(customers.size(), duration, client -> {
            UUID order = UUID.randomUUID();
            UUID product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
            CompletableFuture<Boolean> outcome = new CompletableFuture<>();
            waiting.put(order, outcome);
            commands.sendAndWait(new PlaceOrder(
                    new OrderId(order), customers.get(client), List.of(new RequestedLine(product, 1)), ADDRESS));
            return outcome.get(60, TimeUnit.SECONDS);
        });
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
