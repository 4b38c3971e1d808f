package org.ledgerline.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Load on the command API: N clients place orders ({@code POST /api/v1/orders}) or deposit money
 * ({@code POST /api/v1/accounts/{userId}/deposits}, each with its own {@code Idempotency-Key}: the cheap command) as
 * fast as they can for a fixed time; prints commands/s and latency percentiles (HdrHistogram). Not part of
 * {@code bin/test}; run it with {@code bin/bench-orders} (which passes -Dtest=PlaceOrderBenchmark; one method with
 * {@code -Dtest=PlaceOrderBenchmark#deposits_under_load}). Tunables: -Dbench.clients, -Dbench.seconds.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.rate-limit.commands-per-second=0",
            "ledgerline.admin.email=",
            "logging.level.org.ledgerline=WARN"
        })
class PlaceOrderBenchmark {

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    interface Command {
        HttpResponse<String> send(int client);
    }

    @Test
    void deposits_under_load() throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        ApiClient api = new ApiClient(port, tokens);
        List<UUID> holders = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            holders.add(UUID.randomUUID());
            customers.add(api.tokenFor(holders.get(i), "CUSTOMER"));
        }
        measure(
                "POST /api/v1/accounts/{id}/deposits",
                "deposits",
                clients,
                200,
                client -> api.post(
                        "/api/v1/accounts/" + holders.get(client) + "/deposits",
                        customers.get(client),
                        "{\"amount\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}",
                        Map.of("Idempotency-Key", UUID.randomUUID().toString())));
    }

    @Test
    void place_orders_under_load() throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        ApiClient api = new ApiClient(port, tokens);
        String admin = api.adminToken();
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> created = api.post(
                    "/api/v1/products",
                    admin,
                    "{\"sku\": \"BENCH-%d\", \"name\": \"Bench %d\", \"initialStock\": 1000000, \"price\": "
                                    .formatted(i, i)
                            + "{\"amount\": \"9.99\", \"currency\": \"EUR\"}}");
            assertThat(created.statusCode()).isEqualTo(201);
            products.add(created.body().replaceAll(".*\"productId\":\"([^\"]+)\".*", "$1"));
        }
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            customers.add(api.tokenFor(UUID.randomUUID(), "CUSTOMER"));
        }

        measure(
                "POST /api/v1/orders",
                "orders",
                clients,
                202,
                client -> api.post("/api/v1/orders", customers.get(client), """
                {"lines": [{"productId": "%s", "quantity": 1}], "shippingAddress":
                 {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                """.formatted(
                                products.get(ThreadLocalRandom.current().nextInt(products.size())))));
    }

    private static void measure(String what, String unit, int clients, int expectedStatus, Command command)
            throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        ClosedLoop.Call call = client -> command.send(client).statusCode() == expectedStatus;
        ClosedLoop.run(clients, Duration.ofSeconds(5), call); // warm-up
        long cpuBefore = processCpuNanos();
        long requestCpuBefore = requestThreadCpuNanos();
        ClosedLoop.Result result = ClosedLoop.run(clients, Duration.ofSeconds(seconds), call);
        long done = result.calls();
        double requestCpuPerCommand = (requestThreadCpuNanos() - requestCpuBefore) / 1e6 / Math.max(1, done);
        double cpuPerCommand = (processCpuNanos() - cpuBefore) / 1e6 / Math.max(1, done);

        // CPU per command survives a shared machine better than throughput, which moves with the others' load: the
        // request threads' own CPU time (Tomcat's, i.e. the command path itself) and the whole JVM's (plus the
        // driver, Kafka, processors and saga reacting to the commands, and a background share; not PostgreSQL).
        System.out.printf(
                "%n%s: %d clients, %.1f s, %d %s, %.0f %s/s, errors %d, CPU per command: request thread "
                        + "%.2f ms, whole JVM %.2f ms; load average %.1f%n",
                what,
                clients,
                result.seconds(),
                done,
                unit,
                done / result.seconds(),
                unit,
                result.failed(),
                requestCpuPerCommand,
                cpuPerCommand,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%s%n%n", result.latencyLine());
        assertThat(result.failed()).isZero();
    }

    /** CPU time of Tomcat's request threads so far (threads that ended meanwhile are not counted). */
    private static long requestThreadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("http-nio-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
