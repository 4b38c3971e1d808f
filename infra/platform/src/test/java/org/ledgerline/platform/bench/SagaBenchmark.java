package org.ledgerline.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.UserId;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The order saga end to end: N clients each place an order and wait until the saga confirmed it (reserve stock,
 * charge, confirm: three command round trips and the saga processor between them), then place the next. Prints
 * confirmed orders/s and placement→CONFIRMED percentiles (HdrHistogram). Run with {@code bin/bench-saga};
 * tunables -Dbench.clients, -Dbench.seconds.
 */
@LedgerlineIntegrationTest(kafka = true, properties = {"ledgerline.admin.email=",
        "logging.level.org.ledgerline=WARN"})
class SagaBenchmark {

    private static final ShippingAddress ADDRESS = new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE");

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;

    private final Map<UUID, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();

    @Test
    void orders_from_placement_to_confirmation() throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        int seconds = Integer.getInteger("bench.seconds", 20);
        eventStore.subscribe(events -> events.forEach(event -> {
            if (event.getPayload() instanceof OrderConfirmed confirmed) {
                complete(confirmed.orderId().value(), true);
            } else if (event.getPayload() instanceof OrderRejected rejected) {
                complete(rejected.orderId().value(), false);
            }
        }));
        List<UUID> products = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            commands.sendAndWait(new CreateProduct(new ProductId(id), "SAGA-BENCH-" + i, "Bench " + i,
                                                   Money.of("1.00", "EUR"), 1_000_000));
            products.add(id);
        }
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            UUID id = UUID.randomUUID();
            commands.sendAndWait(new DepositMoney(new UserId(id), Money.of("100000000.00", "EUR")));
            customers.add(id);
        }

        run(products, customers, Duration.ofSeconds(5), new Recorder(3), new AtomicLong());   // warm-up
        Recorder recorder = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        long confirmed = run(products, customers, Duration.ofSeconds(seconds), recorder, failures);
        double elapsed = (System.nanoTime() - started) / 1e9;
        Histogram histogram = recorder.getIntervalHistogram();
        System.out.printf("%nOrder saga, placement -> CONFIRMED: %d clients, %.1f s, %d orders confirmed, "
                                  + "%.0f orders/s, not confirmed %d%n",
                          clients, elapsed, confirmed, confirmed / elapsed, failures.get());
        System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n%n",
                          ms(histogram, 50), ms(histogram, 90), ms(histogram, 99), ms(histogram, 99.9),
                          histogram.getMaxValue() / 1e6);
        assertThat(failures.get()).isZero();
    }

    private void complete(UUID order, boolean confirmed) {
        CompletableFuture<Boolean> future = waiting.remove(order);
        if (future != null) {
            future.complete(confirmed);
        }
    }

    private long run(List<UUID> products, List<UUID> customers, Duration duration, Recorder recorder,
                     AtomicLong failures) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(customers.size());
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (UUID customer : customers) {
                counts.add(pool.submit(() -> {
                    long count = 0;
                    while (System.nanoTime() < deadline) {
                        UUID order = UUID.randomUUID();
                        UUID product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
                        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
                        waiting.put(order, outcome);
                        long start = System.nanoTime();
                        commands.sendAndWait(new PlaceOrder(new OrderId(order), customer,
                                                            List.of(new RequestedLine(product, 1)), ADDRESS));
                        boolean confirmed = outcome.get(60, TimeUnit.SECONDS);
                        recorder.recordValue(System.nanoTime() - start);
                        if (confirmed) {
                            count++;
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                    return count;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
