package org.ledgerline.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.http.TokenIssuer;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Load on {@code POST /api/v1/orders}: N clients place orders as fast as they can for a fixed time; prints
 * commands/s and latency percentiles (HdrHistogram). Not part of {@code bin/test}; run it with
 * {@code bin/bench-orders} (which passes -Dtest=PlaceOrderBenchmark). Tunables: -Dbench.clients, -Dbench.seconds.
 */
@LedgerlineIntegrationTest(kafka = true, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "ledgerline.rate-limit.commands-per-second=1000000", "ledgerline.admin.email=",
        "logging.level.org.ledgerline=WARN"})
class PlaceOrderBenchmark {

    @LocalServerPort
    int port;
    @Autowired
    TokenIssuer tokens;

    @Test
    void place_orders_under_load() throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        int seconds = Integer.getInteger("bench.seconds", 20);
        ApiClient api = new ApiClient(port, tokens);
        String admin = api.adminToken();
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> created = api.post("/api/v1/products", admin,
                    "{\"sku\": \"BENCH-%d\", \"name\": \"Bench %d\", \"initialStock\": 1000000, \"price\": "
                            .formatted(i, i) + "{\"amount\": \"9.99\", \"currency\": \"EUR\"}}");
            assertThat(created.statusCode()).isEqualTo(201);
            products.add(created.body().replaceAll(".*\"productId\":\"([^\"]+)\".*", "$1"));
        }
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            customers.add(api.tokenFor(UUID.randomUUID(), "CUSTOMER"));
        }

        run(api, products, customers, Duration.ofSeconds(5), new Recorder(3), new AtomicLong());   // warm-up
        Recorder recorder = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        long done = run(api, products, customers, Duration.ofSeconds(seconds), recorder, failures);
        double elapsed = (System.nanoTime() - started) / 1e9;
        Histogram histogram = recorder.getIntervalHistogram();

        System.out.printf("%nPOST /api/v1/orders: %d clients, %.1f s, %d orders, %.0f orders/s, errors %d%n",
                          clients, elapsed, done, done / elapsed, failures.get());
        System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n%n",
                          ms(histogram, 50), ms(histogram, 90), ms(histogram, 99), ms(histogram, 99.9),
                          histogram.getMaxValue() / 1e6);
        assertThat(failures.get()).isZero();
    }

    private static long run(ApiClient api, List<String> products, List<String> customers, Duration duration,
                            Recorder recorder, AtomicLong failures) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(customers.size());
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (String customer : customers) {
                counts.add(pool.submit(() -> {
                    long count = 0;
                    while (System.nanoTime() < deadline) {
                        String product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
                        long start = System.nanoTime();
                        HttpResponse<String> response = api.post("/api/v1/orders", customer, """
                                {"lines": [{"productId": "%s", "quantity": 1}], "shippingAddress":
                                 {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                                """.formatted(product));
                        recorder.recordValue(System.nanoTime() - start);
                        if (response.statusCode() != 202) {
                            failures.incrementAndGet();
                        }
                        count++;
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
