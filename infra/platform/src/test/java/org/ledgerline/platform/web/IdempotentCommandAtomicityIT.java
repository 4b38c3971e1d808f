package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A command and its Idempotency-Key answer are stored together or not at all (issue 18). The crash window — the
 * command committed, the node killed before the answer was stored — is reproduced by making the answer's write fail:
 * a trigger refuses to store an answer for keys starting with {@code crash-}.
 */
@LedgerlineIntegrationTest(kafka = true, webEnvironment = WebEnvironment.RANDOM_PORT)
class IdempotentCommandAtomicityIT extends PlatformApiTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    UUID adminId;

    @BeforeEach
    void setUp() {
        adminId = UUID.randomUUID();
        admin = api.tokenFor(adminId, "CUSTOMER", "ADMIN");
        jdbc.execute("""
                     CREATE OR REPLACE FUNCTION refuse_crash_answers() RETURNS trigger AS $$
                     BEGIN
                         IF NEW.response_status IS NOT NULL AND NEW.key LIKE 'crash-%' THEN
                             RAISE EXCEPTION 'node killed before the answer was stored';
                         END IF;
                         RETURN NEW;
                     END $$ LANGUAGE plpgsql""");
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_crash_answers ON idempotency_key");
        jdbc.execute("CREATE TRIGGER refuse_crash_answers BEFORE INSERT OR UPDATE ON idempotency_key "
                + "FOR EACH ROW EXECUTE FUNCTION refuse_crash_answers()");
    }

    @AfterEach
    void dropTrigger() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_crash_answers ON idempotency_key");
    }

    @Test
    void a_stock_addition_whose_answer_cannot_be_stored_is_not_stored_either_and_its_retry_adds_once() {
        String productId = created();
        long head = head();
        Map<String, String> key = Map.of("Idempotency-Key", "crash-" + UUID.randomUUID());
        String body = "{\"quantity\": 5}";
        double notStored = count("ledgerline.idempotency.requests", "outcome", "not_stored");
        double rolledBack = count("ledgerline.commands", "outcome", "error");

        HttpResponse<String> cut = api.post("/api/v1/products/" + productId + "/stock", admin, body, key);
        long headAfterCut = head();
        int storedAfterCut = eventsOf(productId, "StockAdded");
        dropTrigger();
        HttpResponse<String> retry = api.post("/api/v1/products/" + productId + "/stock", admin, body, key);
        HttpResponse<String> replayed = api.post("/api/v1/products/" + productId + "/stock", admin, body, key);

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(cut.statusCode())
                    .as("answer without a stored answer")
                    .isEqualTo(503);
            softly.assertThat(cut.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            softly.assertThat(cut.body()).contains("Nothing of this request was stored");
            softly.assertThat(headAfterCut)
                    .as("event store head after the cut-off attempt")
                    .isEqualTo(head);
            softly.assertThat(storedAfterCut)
                    .as("stock additions after the cut-off attempt")
                    .isZero();
            softly.assertThat(count("ledgerline.idempotency.requests", "outcome", "not_stored"))
                    .isEqualTo(notStored + 1);
            softly.assertThat(count("ledgerline.commands", "outcome", "error"))
                    .as("the command counted as rolled back")
                    .isEqualTo(rolledBack + 1);
            softly.assertThat(retry.statusCode()).isEqualTo(200);
            softly.assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
            softly.assertThat(eventsOf(productId, "StockAdded"))
                    .as("stock additions after the retry")
                    .isEqualTo(1);
            softly.assertThat(retry.headers().firstValue("X-Ledgerline-Position"))
                    .hasValue(String.valueOf(head()));
            softly.assertThat(replayed.statusCode()).isEqualTo(200);
            softly.assertThat(replayed.headers().firstValue("Idempotent-Replayed"))
                    .hasValue("true");
            softly.assertThat(replayed.headers().firstValue("X-Ledgerline-Position"))
                    .isEqualTo(retry.headers().firstValue("X-Ledgerline-Position"));
            softly.assertThat(replayed.headers().firstValue("ETag"))
                    .isEqualTo(retry.headers().firstValue("ETag"));
        });
    }

    @Test
    void a_create_with_a_chosen_id_whose_answer_cannot_be_stored_is_created_by_its_retry_not_refused_as_existing() {
        String productId = UUID.randomUUID().toString();
        String body = "{\"productId\": \"" + productId + "\", \"sku\": \"CRASH-" + productId + "\", "
                + "\"name\": \"Mug\", \"price\": {\"amount\": \"12.50\", \"currency\": \"EUR\"}}";
        Map<String, String> key = Map.of("Idempotency-Key", "crash-" + UUID.randomUUID());

        HttpResponse<String> cut = api.post("/api/v1/products", admin, body, key);
        int storedAfterCut = eventsOf(productId, "ProductCreated");
        dropTrigger();
        HttpResponse<String> retry = api.post("/api/v1/products", admin, body, key);

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(cut.statusCode())
                    .as("answer without a stored answer")
                    .isEqualTo(503);
            softly.assertThat(storedAfterCut)
                    .as("products created by the cut-off attempt")
                    .isZero();
            softly.assertThat(retry.statusCode()).as("the retry's answer").isEqualTo(201);
            softly.assertThat(retry.headers().firstValue("Location")).hasValue("/api/v1/products/" + productId);
            softly.assertThat(eventsOf(productId, "ProductCreated")).isEqualTo(1);
        });
    }

    @Test
    void a_command_refused_by_the_event_store_keeps_its_answer_and_none_of_its_writes() {
        String productId = created();
        long head = head();
        String body = "{\"productId\": \"" + productId + "\", \"sku\": \"OTHER-" + productId + "\", \"name\": \"Mug\", "
                + "\"price\": {\"amount\": \"12.50\", \"currency\": \"EUR\"}}";
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        HttpResponse<String> refused = api.post("/api/v1/products", admin, body, key);
        HttpResponse<String> again = api.post("/api/v1/products", admin, body, key);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("Already exists");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).isEqualTo(refused.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(head()).isEqualTo(head);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM unique_claim WHERE upper(value) = upper(?)",
                        Integer.class,
                        "OTHER-" + productId))
                .isZero();
    }

    @Test
    void concurrent_commands_with_keys_on_one_aggregate_wait_for_each_other_instead_of_conflicting() throws Exception {
        String productId = created();
        int threads = 6;
        int perThread = 5;
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(clients.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        statuses.add(api.post(
                                        "/api/v1/products/" + productId + "/stock",
                                        admin,
                                        "{\"quantity\": 1}",
                                        Map.of(
                                                "Idempotency-Key",
                                                UUID.randomUUID().toString()))
                                .statusCode());
                    }
                    return statuses;
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> result : results) {
                statuses.addAll(result.get());
            }
            assertThat(statuses).hasSize(threads * perThread).containsOnly(200);
            assertThat(eventsOf(productId, "StockAdded")).isEqualTo(threads * perThread);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void a_key_whose_request_is_still_running_is_409_and_free_again_once_it_ended() throws SQLException {
        String productId = created();
        String key = UUID.randomUUID().toString();
        String path = "/api/v1/products/" + productId + "/stock";
        // A request of another node holding the key: its transaction's lock, here a session's.
        try (Connection running = dataSource.getConnection()) {
            lock(running, "SELECT pg_advisory_lock(?)", key);
            HttpResponse<String> busy = api.post(path, admin, "{\"quantity\": 1}", Map.of("Idempotency-Key", key));
            assertThat(busy.statusCode()).isEqualTo(409);
            assertThat(busy.body()).contains("still running");
            assertThat(eventsOf(productId, "StockAdded")).isZero();
            lock(running, "SELECT pg_advisory_unlock(?)", key);
        }
        assertThat(api.post(path, admin, "{\"quantity\": 1}", Map.of("Idempotency-Key", key))
                        .statusCode())
                .isEqualTo(200);
        assertThat(eventsOf(productId, "StockAdded")).isEqualTo(1);
    }

    private void lock(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, IdempotencyStore.lockId(adminId.toString(), key));
            statement.execute();
        }
    }

    private String created() {
        String productId = UUID.randomUUID().toString();
        HttpResponse<String> response = api.post(
                "/api/v1/products",
                admin,
                "{\"productId\": \"" + productId
                        + "\", \"sku\": \"ATOM-" + productId + "\", \"name\": \"Mug\", "
                        + "\"price\": {\"amount\": \"12.50\", \"currency\": \"EUR\"}, \"initialStock\": 1}");
        assertThat(response.statusCode()).isEqualTo(201);
        return productId;
    }

    private double count(String name, String tag, String value) {
        return name.equals("ledgerline.commands")
                ? meters.find(name).tags("command", "AddStock", tag, value).timers().stream()
                        .mapToDouble(timer -> timer.count())
                        .sum()
                : meters.find(name).tags(tag, value).counters().stream()
                        .mapToDouble(counter -> counter.count())
                        .sum();
    }

    private long head() {
        return jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
    }

    private int eventsOf(String aggregateId, String type) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? " + "AND payloadtype LIKE ?",
                Integer.class,
                aggregateId,
                "%." + type);
    }
}
