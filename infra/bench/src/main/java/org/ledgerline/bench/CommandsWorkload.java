package org.ledgerline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Issue 9, item 1: {@code POST /api/v1/orders} and a cheap command ({@code POST /api/v1/accounts/{id}/deposits})
 * over HTTP. Closed loop with {@link #CALLERS} callers for the maximum, then open loop at 50 % and 80 % of it.
 * The order saga is stopped meanwhile (on every node): it is measured on its own (item 2), and orders placed here
 * would otherwise leave it a backlog that loads every later figure. With several nodes the callers spread over them.
 */
final class CommandsWorkload {

    static final int CALLERS = 8;
    private static final int CUSTOMERS = 64;

    private final Platform platform;
    private final Scale scale;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> products = new ArrayList<>();
    private final List<UUID> customers = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();

    CommandsWorkload(Platform platform, Scale scale) {
        this.platform = platform;
        this.scale = scale;
    }

    void measure(Results results) throws Exception {
        platform.stopProcessors("order-saga");
        String admin = platform.token(UUID.randomUUID(), "ADMIN");
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> created = http.send(
                    post("/api/v1/products", admin, """
                    {"sku": "CMD-%d", "name": "Bench %d", "initialStock": 1000000,
                     "price": {"amount": "1.00", "currency": "EUR"}}""".formatted(i, i)), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException(
                        "Creating a product answered " + created.statusCode() + ": " + created.body());
            }
            products.add(created.body().replaceAll(".*\"productId\":\"([^\"]+)\".*", "$1"));
        }
        for (int i = 0; i < CUSTOMERS; i++) {
            UUID customer = UUID.randomUUID();
            customers.add(customer);
            tokens.add(platform.token(customer, "CUSTOMER"));
        }
        measure(results, "orders", "POST /api/v1/orders", 202, this::order);
        measure(results, "deposits", "POST /api/v1/accounts/{id}/deposits", 200, this::deposit);
        // What a careful client sends: the key's answer is stored in the command's own transaction (ADR 0011).
        measure(
                results,
                "keyed-deposits",
                "POST /api/v1/accounts/{id}/deposits with Idempotency-Key",
                200,
                this::keyedDeposit);
    }

    private void measure(Results results, String key, String label, int expected, IntFunction<HttpRequest> request)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        Loads.Call call =
                () -> http.send(request.apply(next.getAndIncrement() % CALLERS), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == expected;
        Loads.closed(CALLERS, scale.warmup, call);
        Loads.Result max = Loads.closed(CALLERS, scale.commandPhase, call);
        check(max, label + " closed loop");
        results.add(Measure.rate(
                key + ".max",
                label + ": max, closed loop (" + CALLERS + " callers)",
                "cmd/s",
                max.perSecond(),
                "limit.single",
                errors(max)));
        for (int percent : new int[] {50, 80}) {
            double rate = max.perSecond() * percent / 100;
            Loads.Result open = Loads.open(rate, scale.commandPhase, Duration.ofSeconds(30), () -> {
                int caller = ThreadLocalRandom.current().nextInt(CUSTOMERS);
                return http.sendAsync(request.apply(caller), HttpResponse.BodyHandlers.discarding())
                        .thenApply(response -> response.statusCode() == expected);
            });
            check(open, label + " open loop");
            results.add(Measure.latency(
                    key + ".open" + percent,
                    label + ": open loop at " + percent + " % of max, p50 / p99 / p99.9",
                    new double[] {open.ms(50), open.ms(99), open.ms(99.9)},
                    "%.0f/s offered; %s".formatted(rate, errors(open))));
        }
    }

    private HttpRequest order(int caller) {
        String product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
        return post(caller, "/api/v1/orders", tokens.get(caller), """
                {"lines": [{"productId": "%s", "quantity": 1}], "shippingAddress":
                 {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}""".formatted(product));
    }

    private HttpRequest deposit(int caller) {
        return post(
                caller,
                "/api/v1/accounts/" + customers.get(caller) + "/deposits",
                tokens.get(caller),
                "{\"amount\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}");
    }

    private HttpRequest keyedDeposit(int caller) {
        return HttpRequest.newBuilder(deposit(caller), (name, value) -> true)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .build();
    }

    private HttpRequest post(String path, String token, String body) {
        return post(0, path, token, body);
    }

    /** To the node of this caller: with several nodes the callers spread over them as behind a load balancer. */
    private HttpRequest post(int caller, String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create(platform.baseUrl(caller) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static String errors(Loads.Result result) {
        return "%,d done, %,d errors; %s".formatted(result.completed(), result.errors(), result.usage());
    }

    static void check(Loads.Result result, String what) {
        if (result.completed() == 0) {
            throw new IllegalStateException(what + ": nothing completed (" + result.errors() + " errors)");
        }
    }
}
