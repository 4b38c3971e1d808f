package org.ledgerline.fault;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.ledgerline.fault.Exchange.Kind;

/**
 * The mixed load: a few client threads sign up, deposit, create products, add stock, place, cancel and ship orders,
 * each command with an {@code Idempotency-Key}, and record every request and its answer. A client that loses its
 * connection or gets a 5xx sends the same request with the same key again until it gets an answer the platform
 * keeps, as a careful client would; so every command ends acknowledged, refused, or (rarely) without an answer.
 * Each client's choices come from the run's seed.
 */
final class Load {

    static final String PASSWORD = "fault-suite-password";
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(4);
    /**
     * A key whose first request died with the platform answers 409 "in use" until the platform's stale-after
     * ({@link FaultRun#IDEMPOTENCY_STALE_AFTER}) lets a retry take it over; a key still in use well after that is
     * stuck.
     */
    private static final Duration KEY_IN_USE_PATIENCE = FaultRun.IDEMPOTENCY_STALE_AFTER.plusSeconds(30);

    record Customer(UUID id, String email, String token) {}

    record PlacedOrder(UUID id, Customer customer) {}

    final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    final List<Customer> customers = new CopyOnWriteArrayList<>();
    final List<UUID> products = new CopyOnWriteArrayList<>();
    final List<PlacedOrder> orders = new CopyOnWriteArrayList<>();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    /** Keys still "in use" (409) long after their request: the platform lost track of them in a crash. */
    final List<Exchange> keysLeftInUse = new CopyOnWriteArrayList<>();

    /** Final answers per node (its API port): the load reached every node. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.atomic.LongAdder> answeredBy =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Api api;
    private final Gate gate;
    private final String run;
    private final String admin;
    private final long seed;
    private final AtomicInteger names = new AtomicInteger();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean stopping;

    Load(Api api, Gate gate, String run, String adminToken, long seed) {
        this.api = api;
        this.gate = gate;
        this.run = run;
        this.admin = adminToken;
        this.seed = seed;
    }

    /** A few products and customers before the clients start, so every kind of command has something to act on. */
    void prepare() throws InterruptedException {
        Random random = new Random(seed);
        for (int i = 0; i < 3; i++) {
            createProduct(random);
            signUp(random);
        }
        if (products.isEmpty() || customers.isEmpty()) {
            throw new IllegalStateException("The platform refused the first products or customers: " + exchanges);
        }
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            Random random = new Random(seed * 31 + i + 1);
            Thread client =
                    Thread.ofPlatform().name("fault-client-" + i).daemon(true).start(() -> loop(random));
            clients.add(client);
        }
    }

    /** Stops the clients after the command each has in hand. */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread client : clients) {
            client.join(GIVE_UP_AFTER.toMillis() + 60_000);
            if (client.isAlive()) {
                throw new IllegalStateException(client.getName() + " did not stop");
            }
        }
    }

    private void loop(Random random) {
        try {
            while (!stopping) {
                int pick = random.nextInt(100);
                if (pick < 6) {
                    signUp(random);
                } else if (pick < 24) {
                    deposit(random);
                } else if (pick < 29) {
                    createProduct(random);
                } else if (pick < 40) {
                    addStock(random);
                } else if (pick < 82) {
                    placeOrder(random);
                } else if (pick < 94) {
                    cancelOrder(random);
                } else {
                    shipOrder(random);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signUp(Random random) throws InterruptedException {
        String email = "c" + run + "-" + names.incrementAndGet() + "@fault.example";
        Exchange exchange = command(new Exchange(
                Kind.SIGN_UP,
                "/api/v1/users",
                key(random),
                json(Map.of("email", email, "name", "Customer " + names.get(), "password", PASSWORD)),
                null,
                null));
        if (exchange.acknowledged()) {
            UUID id = UUID.fromString(
                    Api.JSON.readTree(exchange.responseBody).path("userId").asString());
            exchange.aggregateId = id.toString();
            String token = signIn(email);
            if (token != null) {
                customers.add(new Customer(id, email, token));
            }
        }
    }

    private void deposit(Random random) throws InterruptedException {
        Customer customer = pick(random, customers);
        BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(15_000), 2);
        command(new Exchange(
                Kind.DEPOSIT,
                "/api/v1/accounts/" + customer.id() + "/deposits",
                key(random),
                "{\"amount\":{\"amount\":\"" + amount.toPlainString() + "\",\"currency\":\"EUR\"}}",
                customer.token(),
                "account-" + customer.id()));
    }

    private void createProduct(Random random) throws InterruptedException {
        UUID id = uuid(random);
        int n = names.incrementAndGet();
        BigDecimal price = BigDecimal.valueOf(50 + random.nextInt(2_500), 2);
        Exchange exchange = command(new Exchange(
                Kind.CREATE_PRODUCT,
                "/api/v1/products",
                key(random),
                """
                {"productId":"%s","sku":"F%s-%d","name":"Fault product %d","initialStock":%d,
                 "price":{"amount":"%s","currency":"EUR"}}""".formatted(id, run, n, n, random.nextInt(16), price.toPlainString()),
                admin,
                id.toString()));
        if (exchange.acknowledged()) {
            products.add(id);
        }
    }

    private void addStock(Random random) throws InterruptedException {
        UUID product = pick(random, products);
        command(new Exchange(
                Kind.ADD_STOCK,
                "/api/v1/products/" + product + "/stock",
                key(random),
                "{\"quantity\":" + (1 + random.nextInt(10)) + "}",
                admin,
                product.toString()));
    }

    private void placeOrder(Random random) throws InterruptedException {
        Customer customer = pick(random, customers);
        UUID id = uuid(random);
        UUID first = pick(random, products);
        UUID second = pick(random, products);
        StringBuilder lines =
                new StringBuilder("{\"productId\":\"" + first + "\",\"quantity\":" + (1 + random.nextInt(3)) + "}");
        if (!second.equals(first) && random.nextBoolean()) {
            lines.append(",{\"productId\":\"")
                    .append(second)
                    .append("\",\"quantity\":")
                    .append(1 + random.nextInt(3))
                    .append('}');
        }
        Exchange exchange = command(new Exchange(
                Kind.PLACE_ORDER,
                "/api/v1/orders",
                key(random),
                "{\"orderId\":\"" + id + "\",\"lines\":[" + lines + "],\"shippingAddress\":{\"line1\":\"1 Main St\","
                        + "\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}}",
                customer.token(),
                id.toString()));
        if (exchange.acknowledged()) {
            orders.add(new PlacedOrder(id, customer));
        }
    }

    private void cancelOrder(Random random) throws InterruptedException {
        if (orders.isEmpty()) {
            return;
        }
        PlacedOrder order = pick(random, orders);
        command(new Exchange(
                Kind.CANCEL_ORDER,
                "/api/v1/orders/" + order.id() + "/cancel",
                key(random),
                "{\"reason\":\"changed my mind\"}",
                order.customer().token(),
                order.id().toString()));
    }

    private void shipOrder(Random random) throws InterruptedException {
        if (orders.isEmpty()) {
            return;
        }
        PlacedOrder order = pick(random, orders);
        command(new Exchange(
                Kind.SHIP_ORDER,
                "/api/v1/orders/" + order.id() + "/ship",
                key(random),
                "{\"trackingNumber\":\"TRK-" + order.id().toString().substring(0, 8) + "\"}",
                admin,
                order.id().toString()));
    }

    /** Sends until an answer the platform keeps for the key arrives (or gives up, unanswered, after a bound). */
    Exchange command(Exchange exchange) throws InterruptedException {
        exchanges.add(exchange);
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long inUseSince = 0;
        int backoffMillis = 100;
        while (System.nanoTime() < deadline) {
            if (!gate.awaitOpen(GIVE_UP_AFTER)) {
                break;
            }
            try {
                Api.Answer answer = api.post(exchange.path, exchange.token, exchange.key, exchange.body);
                answeredBy
                        .computeIfAbsent(answer.port(), port -> new java.util.concurrent.atomic.LongAdder())
                        .increment();
                synchronized (exchange) {
                    exchange.attempts.add(Integer.toString(answer.status()));
                }
                boolean keyInUse = answer.status() == 409 && answer.body().contains("Idempotency-Key in use");
                if (keyInUse && inUseSince == 0) {
                    inUseSince = System.nanoTime();
                }
                boolean patienceLeft = keyInUse && System.nanoTime() - inUseSince < KEY_IN_USE_PATIENCE.toNanos();
                if (answer.status() >= 500 || answer.status() == 429 || patienceLeft) {
                    exchange.uncertain = true;
                    failedAttempts.incrementAndGet();
                } else {
                    if (keyInUse) {
                        keysLeftInUse.add(exchange);
                    }
                    exchange.responseBody = answer.body();
                    exchange.location = answer.header("Location");
                    String position = answer.header("X-Ledgerline-Position");
                    exchange.position = position == null ? null : Long.valueOf(position);
                    exchange.status = answer.status();
                    if (exchange.acknowledged()) {
                        acknowledged.incrementAndGet();
                    }
                    return exchange;
                }
            } catch (IOException e) {
                synchronized (exchange) {
                    exchange.attempts.add(e.getClass().getSimpleName());
                }
                exchange.uncertain = true;
                failedAttempts.incrementAndGet();
            }
            // A client's pause between retries (not a test waiting for a condition): the platform needs a moment.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis));
            backoffMillis = Math.min(backoffMillis * 2, 2_000);
        }
        return exchange;
    }

    /** Answers per node (API port) so far. */
    Map<Integer, Long> answeredByPort() {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        answeredBy.forEach((port, count) -> counts.put(port, count.sum()));
        return counts;
    }

    /** Commands (of these kinds; none given: all) one of whose attempts was cut off (no answer: the node died). */
    long cutOff(Kind... kinds) {
        List<Kind> wanted = List.of(kinds);
        return exchanges.stream()
                .filter(e -> wanted.isEmpty() || wanted.contains(e.kind))
                .filter(e -> {
                    synchronized (e) {
                        return e.attempts.stream().anyMatch(a -> !a.chars().allMatch(Character::isDigit));
                    }
                })
                .count();
    }

    private String signIn(String email) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() < deadline && gate.awaitOpen(GIVE_UP_AFTER)) {
            try {
                String token = api.token(email, PASSWORD);
                if (token != null) {
                    return token;
                }
            } catch (IOException e) {
                // the platform went down meanwhile: wait for it
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        return null;
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    private static String key(Random random) {
        return uuid(random).toString();
    }

    private static String json(Map<String, String> fields) {
        return Api.JSON.writeValueAsString(fields);
    }
}
