package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.context.ContextConfiguration;

/**
 * The rate limits on two platform nodes (two Spring contexts, two ports) sharing one database: the limits hold
 * across nodes. Client addresses come from X-Forwarded-For, trusted from 127.0.0.1 as behind a reverse proxy
 * ({@code server.forward-headers-strategy=native}: Tomcat's RemoteIpValve).
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.node-id=limits-a", "ledgerline.replication.topic-prefix=limits",
            "ledgerline.rate-limit.commands-per-second=3", "ledgerline.rate-limit.sign-in-per-address=20",
            "ledgerline.rate-limit.sign-up-per-address=20", "ledgerline.rate-limit.sign-in-failures-before-lockout=3",
            "ledgerline.rate-limit.sign-in-lockout-base=2s", "ledgerline.rate-limit.sign-in-lockout-max=4s",
            "ledgerline.rate-limit.cleanup-interval=1h", "server.forward-headers-strategy=native"
        })
@ContextConfiguration(initializers = RateLimitIT.SharedClock.class)
class RateLimitIT {

    private static final String PRICE = "{\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}";

    /** The buckets' clock on both nodes: the system's, or stopped (an hour ahead, so nothing expires meanwhile). */
    static final class SharedClock implements TimeMeter, ApplicationContextInitializer<ConfigurableApplicationContext> {

        static final SharedClock INSTANCE = new SharedClock();
        private volatile long stoppedAtNanos = -1;

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getBeanFactory().registerSingleton("rateLimitTestClock", INSTANCE);
        }

        @Override
        public long currentTimeNanos() {
            long stopped = stoppedAtNanos;
            return stopped >= 0 ? stopped : TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }

        void stop() {
            stoppedAtNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() + 3_600_000);
        }

        void run() {
            stoppedAtNanos = -1;
        }
    }

    static ConfigurableApplicationContext nodeB;

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    org.springframework.context.ApplicationContext nodeA;

    @BeforeAll
    static void startSecondNode(@Autowired Environment nodeA) {
        nodeB = new SpringApplicationBuilder(LedgerlinePlatform.class)
                .initializers(SharedClock.INSTANCE)
                .run(
                        "--spring.datasource.url=" + nodeA.getRequiredProperty("spring.datasource.url"),
                        "--spring.datasource.username=" + nodeA.getRequiredProperty("spring.datasource.username"),
                        "--spring.datasource.password=" + nodeA.getProperty("spring.datasource.password", ""),
                        "--ledgerline.kafka.bootstrap-servers="
                                + nodeA.getRequiredProperty("ledgerline.kafka.bootstrap-servers"),
                        "--ledgerline.embedded.enabled=false",
                        // The same data directory, so both nodes sign and verify with the one generated development
                        // key.
                        "--ledgerline.embedded.data-directory="
                                + nodeA.getRequiredProperty("ledgerline.embedded.data-directory"),
                        "--ledgerline.node-id=limits-b",
                        "--ledgerline.replication.topic-prefix=limits",
                        "--ledgerline.rate-limit.commands-per-second=3",
                        "--ledgerline.rate-limit.sign-in-per-address=20",
                        "--ledgerline.rate-limit.sign-up-per-address=20",
                        "--ledgerline.rate-limit.sign-in-failures-before-lockout=3",
                        "--ledgerline.rate-limit.sign-in-lockout-base=2s",
                        "--ledgerline.rate-limit.sign-in-lockout-max=4s",
                        "--ledgerline.rate-limit.cleanup-interval=1h",
                        "--server.forward-headers-strategy=native",
                        "--server.port=0",
                        "--axon.update-check.disabled=true");
    }

    @AfterAll
    static void stopSecondNode() {
        SharedClock.INSTANCE.run();
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private ApiClient nodeA() {
        return new ApiClient(port, tokens);
    }

    private ApiClient nodeB() {
        return new ApiClient(nodeB.getEnvironment().getRequiredProperty("local.server.port", Integer.class), tokens);
    }

    @Test
    void a_callers_command_limit_is_shared_by_both_nodes_and_commands_beyond_it_do_nothing() {
        SharedClock.INSTANCE.stop(); // no token comes back during the test: exactly the limit gets through
        try {
            assertThat(nodeB.getBean(TimeMeter.class)).isSameAs(SharedClock.INSTANCE);
            assertThat(nodeA.getBean(TimeMeter.class)).isSameAs(SharedClock.INSTANCE);
            String greedy = nodeA().adminToken();
            String prefix = "Limited " + UUID.randomUUID();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ApiClient node = i % 2 == 0 ? nodeA() : nodeB();
                responses.add(node.post(
                        "/api/v1/products",
                        greedy,
                        "{\"sku\": \"SKU-" + UUID.randomUUID()
                                + "\", \"name\": \"" + prefix + "\", \"initialStock\": 1, "
                                + "\"price\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}"));
            }

            assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(3);
            List<HttpResponse<String>> limited =
                    responses.stream().filter(r -> r.statusCode() == 429).toList();
            assertThat(limited).hasSize(7).allSatisfy(r -> {
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(r.body()).contains("Too many requests");
            });
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                    "SELECT count(*) FROM products WHERE name = ?", Long.class, prefix))
                            .isEqualTo(3));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM products WHERE name = ?", Long.class, prefix))
                    .isEqualTo(3);

            HttpResponse<String> someoneElse =
                    nodeB().post("/api/v1/products/" + UUID.randomUUID() + "/price", nodeA().adminToken(), PRICE);
            assertThat(someoneElse.statusCode()).isEqualTo(404);
        } finally {
            SharedClock.INSTANCE.run();
        }
    }

    @Test
    void wrong_passwords_spread_over_both_nodes_lock_the_account_out_for_longer_each_time_and_are_audited() {
        String email = "brute-" + UUID.randomUUID() + "@example.com";
        signUp(email, "the-right-password");
        Map<String, String> attacker = Map.of("X-Forwarded-For", "198.51.100.2");
        String wrong = signInBody(email, "wrong-password");
        String right = signInBody(email, "the-right-password");

        assertThat(nodeA().post("/api/v1/auth/token", null, wrong, attacker).statusCode())
                .isEqualTo(401);
        assertThat(nodeB().post("/api/v1/auth/token", null, wrong, attacker).statusCode())
                .isEqualTo(401);
        assertThat(nodeA().post("/api/v1/auth/token", null, wrong, attacker).statusCode())
                .isEqualTo(401);
        HttpResponse<String> locked = nodeB().post("/api/v1/auth/token", null, wrong, attacker);
        assertTooMany(locked);
        long firstWait =
                Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertThat(firstWait).isBetween(1L, 2L);
        // Even the right password, from anywhere, while the lock-out lasts.
        Map<String, String> owner = Map.of("X-Forwarded-For", "198.51.100.3");
        assertTooMany(nodeA().post("/api/v1/auth/token", null, right, owner));

        // When it ends, the next failure locks the account for twice as long.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> nodeB().post("/api/v1/auth/token", null, wrong, attacker)
                                .statusCode()
                        == 401);
        HttpResponse<String> lockedLonger = nodeA().post("/api/v1/auth/token", null, wrong, attacker);
        assertTooMany(lockedLonger);
        assertThat(Long.parseLong(
                        lockedLonger.headers().firstValue("Retry-After").orElseThrow()))
                .isGreaterThan(2L);

        // The right password works once the lock-out is over, and clears the failures.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        nodeB().post("/api/v1/auth/token", null, right, owner).statusCode() == 200);
        assertThat(nodeA().post("/api/v1/auth/token", null, wrong, attacker).statusCode())
                .isEqualTo(401);

        String account = SignInFailures.accountKey(email);
        List<Map<String, Object>> audited = jdbc.queryForList(
                "SELECT actor, target, detail FROM admin_audit WHERE action = 'user.sign_in.lockout' AND target = ? "
                        + "ORDER BY id",
                "account:" + account);
        assertThat(audited).hasSize(2);
        assertThat(audited).allSatisfy(row -> assertThat(row).containsEntry("actor", "address:198.51.100.2"));
        assertThat(audited.get(0).get("detail")).asString().contains("locked for 2 s");
        assertThat(audited.get(1).get("detail")).asString().contains("locked for 4 s");
        assertThat(jdbc.queryForList("SELECT concat(actor, target, detail) FROM admin_audit", String.class))
                .noneMatch(text -> text.contains(email));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sign_in_failure WHERE account = ?", Long.class, account))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sign_in_failure WHERE account LIKE '%@%'", Long.class))
                .isZero();

        // An unknown e-mail is locked out alike, with the same answer: the refusal tells nothing about accounts.
        String nobody = signInBody("nobody-" + UUID.randomUUID() + "@example.com", "wrong-password");
        Map<String, String> another = Map.of("X-Forwarded-For", "198.51.100.4"); // 198.51.100.2 used its 20 a minute
        for (int i = 0; i < 3; i++) {
            assertThat(nodeB().post("/api/v1/auth/token", null, nobody, another).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> nobodyLocked = nodeA().post("/api/v1/auth/token", null, nobody, another);
        assertTooMany(nobodyLocked);
        assertThat(nobodyLocked.body()).isEqualTo(locked.body());
    }

    @Test
    void one_address_flooding_malformed_sign_ins_does_not_stop_another_addresss_sign_ins() {
        String email = "victim-" + UUID.randomUUID() + "@example.com";
        signUp(email, "victims-password");
        Map<String, String> flooder = Map.of("X-Forwarded-For", "203.0.113.66");
        Map<String, String> victim = Map.of("X-Forwarded-For", "203.0.113.7");
        List<Integer> flood = new ArrayList<>();
        List<Integer> victims = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ApiClient node = i % 2 == 0 ? nodeA() : nodeB();
            // Malformed: no password for the victim's e-mail (400), or no JSON at all.
            flood.add(node.post(
                            "/api/v1/auth/token",
                            null,
                            i % 4 < 2 ? "{\"email\": \"" + email + "\", \"password\": \"\"}" : "{not json",
                            flooder)
                    .statusCode());
            if (i % 8 == 7) {
                victims.add(node.post("/api/v1/auth/token", null, signInBody(email, "victims-password"), victim)
                        .statusCode());
            }
        }
        assertThat(flood).contains(400, 429).doesNotContain(401, 200);
        assertThat(flood.subList(0, 20)).containsOnly(400); // 20 per minute for the address, across both nodes
        assertThat(flood.subList(20, 40)).containsOnly(429);
        assertThat(victims).hasSize(5).containsOnly(200);
    }

    @Test
    void sign_ups_are_limited_per_address_across_both_nodes() {
        SharedClock.INSTANCE.stop(); // no token comes back during the test
        try {
            Map<String, String> busy = Map.of("X-Forwarded-For", "192.0.2.9");
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                statuses.add((i % 2 == 0 ? nodeA() : nodeB())
                        .post("/api/v1/users", null, signUpBody(), busy)
                        .statusCode());
            }
            assertThat(statuses).containsOnly(201);
            HttpResponse<String> refused = nodeB().post("/api/v1/users", null, signUpBody(), busy);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("3"); // 20 a minute: one every 3 s
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("Too many sign-ups");
            assertThat(nodeA().post("/api/v1/users", null, signUpBody(), Map.of("X-Forwarded-For", "192.0.2.10"))
                            .statusCode())
                    .isEqualTo(201);
        } finally {
            SharedClock.INSTANCE.run();
        }
    }

    private static String signUpBody() {
        return "{\"email\": \"signup-%s@example.com\", \"name\": \"N\", \"password\": \"long-enough\"}"
                .formatted(UUID.randomUUID());
    }

    @Test
    void idle_buckets_expire_and_are_deleted_so_the_table_stays_bounded() {
        List<String> callers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID caller = UUID.randomUUID();
            callers.add("command:" + caller);
            HttpResponse<String> response = (i % 2 == 0 ? nodeA() : nodeB())
                    .post("/api/v1/products/" + UUID.randomUUID() + "/price", nodeA().tokenFor(caller, "ADMIN"), PRICE);
            assertThat(response.statusCode()).isEqualTo(404);
        }
        String inList = "'" + String.join("','", callers) + "'";
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM rate_limit_bucket WHERE id IN (" + inList + ")", Long.class))
                .isPositive();
        // The scheduled clean-up (every hour here: the stopped clock of the first test must not see its buckets go)
        // is run by hand, on the other node.
        assertThat(nodeB.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                        .flatMap(holder -> holder.getScheduledTasks().stream())
                        .toList())
                .anySatisfy(task -> assertThat(task.toString()).contains("RateLimitCleaner.clean"));
        RateLimitCleaner cleaner = nodeB.getBean(RateLimitCleaner.class);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    cleaner.clean();
                    assertThat(jdbc.queryForObject(
                                    "SELECT count(*) FROM rate_limit_bucket WHERE id IN (" + inList + ")", Long.class))
                            .isZero();
                });

        // Sign-in failures are forgotten a failure memory (24 h) after the last one, unless a lock-out still runs.
        String old = "0".repeat(63) + "1";
        String oldButLocked = "0".repeat(63) + "2";
        String recent = "0".repeat(63) + "3";
        jdbc.update(
                "INSERT INTO sign_in_failure VALUES (?, 2, NULL, now() - INTERVAL '25 hours'), "
                        + "(?, 9, now() + INTERVAL '1 minute', now() - INTERVAL '25 hours'), "
                        + "(?, 2, NULL, now() - INTERVAL '23 hours')",
                old,
                oldButLocked,
                recent);
        cleaner.clean();
        assertThat(jdbc.queryForList(
                        "SELECT account FROM sign_in_failure WHERE account IN (?, ?, ?)",
                        String.class,
                        old,
                        oldButLocked,
                        recent))
                .containsExactlyInAnyOrder(oldButLocked, recent);
    }

    @Test
    void a_check_costs_three_statements_on_a_known_key() {
        AtomicInteger statements = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        List<String> sql = new java.util.concurrent.CopyOnWriteArrayList<>();
        MeterRegistry meters = new SimpleMeterRegistry();
        RateLimits limits =
                new RateLimits(counting(dataSource, statements, commits, sql), TimeMeter.SYSTEM_MILLISECONDS, meters);
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(100).refillGreedy(100, Duration.ofSeconds(1)))
                .build();
        String key = "cost:" + UUID.randomUUID();

        limits.tryConsume("command", key, configuration);
        // SELECT FOR UPDATE (no row), INSERT, COMMIT; SELECT FOR UPDATE (no state yet: rolled back); then with the
        // configuration, as below: SELECT FOR UPDATE, UPDATE, COMMIT
        assertThat(statements.get()).as(sql + " " + commits).isEqualTo(5);
        assertThat(commits.get()).isEqualTo(2);
        statements.set(0);
        commits.set(0);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.tryConsume("command", key, configuration).allowed())
                    .isTrue();
        }
        assertThat(statements.get()).isEqualTo(20); // SELECT ... FOR UPDATE, UPDATE
        assertThat(commits.get()).isEqualTo(10);
        // For docs/rate-limits.md, not asserted: what a check takes on this machine.
        MeterRegistry measured = new SimpleMeterRegistry();
        RateLimits measuring = new RateLimits(dataSource, TimeMeter.SYSTEM_MILLISECONDS, measured);
        BucketConfiguration large = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(1_000_000).refillGreedy(1_000_000, Duration.ofSeconds(1)))
                .build();
        String measuredKey = "cost:" + UUID.randomUUID();
        measuring.tryConsume("command", measuredKey, large);
        for (int i = 0; i < 500; i++) {
            measuring.tryConsume("measure", measuredKey, large);
        }
        io.micrometer.core.instrument.Timer timer = measured.get("ledgerline.rate_limit.check")
                .tag("kind", "measure")
                .timer();
        System.out.printf(
                "rate limit check: %d checks, mean %.3f ms, max %.3f ms%n",
                timer.count(), timer.mean(TimeUnit.MILLISECONDS), timer.max(TimeUnit.MILLISECONDS));
    }

    @Test
    void a_database_failure_lets_the_request_through_instead_of_answering_5xx() {
        DataSource broken = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new java.sql.SQLTransientConnectionException("database away");
                });
        MeterRegistry meters = new SimpleMeterRegistry();
        RateLimits limits = new RateLimits(broken, TimeMeter.SYSTEM_MILLISECONDS, meters);
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, Duration.ofSeconds(1)))
                .build();

        assertThat(limits.tryConsume("command", "away", configuration).allowed())
                .isTrue();
        assertThat(limits.tryConsume("command", "away", configuration).allowed())
                .isTrue();
        assertThat(meters.counter("ledgerline.rate_limit.errors", "kind", "command")
                        .count())
                .isEqualTo(2);
    }

    private static void assertTooMany(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).contains("Too many sign-in attempts").doesNotContain("@");
    }

    private void signUp(String email, String password) {
        HttpResponse<String> response = nodeA().post(
                        "/api/v1/users",
                        null,
                        "{\"email\": \"%s\", \"name\": \"N\", \"password\": \"%s\"}".formatted(email, password));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static String signInBody(String email, String password) {
        return "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, password);
    }

    /** A data source counting the statements executed and the commits on its connections. */
    private static DataSource counting(
            DataSource target, AtomicInteger statements, AtomicInteger commits, List<String> sql) {
        return (DataSource) Proxy.newProxyInstance(
                RateLimitIT.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                forwarding(target, (method, result) -> {
                    if ("getConnection".equals(method)) {
                        java.sql.Connection connection = (java.sql.Connection) result;
                        return Proxy.newProxyInstance(
                                RateLimitIT.class.getClassLoader(),
                                new Class<?>[] {java.sql.Connection.class},
                                forwarding(connection, (m, r) -> {
                                    if ("commit".equals(m)) {
                                        commits.incrementAndGet();
                                    }
                                    if ("prepareStatement".equals(m)) {
                                        sql.add(String.valueOf(r));
                                        return Proxy.newProxyInstance(
                                                RateLimitIT.class.getClassLoader(),
                                                new Class<?>[] {java.sql.PreparedStatement.class},
                                                forwarding(r, (sm, sr) -> {
                                                    if (sm.startsWith("execute")) {
                                                        statements.incrementAndGet();
                                                    }
                                                    return sr;
                                                }));
                                    }
                                    return r;
                                }));
                    }
                    return result;
                }));
    }

    private interface After {
        Object apply(String method, Object result);
    }

    private static InvocationHandler forwarding(Object target, After after) {
        return (proxy, method, args) -> {
            try {
                return after.apply(method.getName(), method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }
}
