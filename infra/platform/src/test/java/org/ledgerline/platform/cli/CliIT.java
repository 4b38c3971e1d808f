package org.ledgerline.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.platform.web.PlatformApiTest;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The {@code ledgerline} CLI against a running platform (real PostgreSQL and Kafka). */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.replication.topic-prefix=cli")
class CliIT extends PlatformApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DataSource dataSource;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(port, admin);
    }

    @Test
    void status_shows_each_processors_real_position_and_head() throws Exception {
        createProducts(3);
        long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        awaitCaughtUp("read-models");

        Cli.Run status = cli.online("status", "--json");

        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode products = processor(JSON.readTree(status.out()), "read-models");
        assertThat(products.path("headPosition").asLong()).isGreaterThanOrEqualTo(head);
        assertThat(products.path("position").asLong())
                .isEqualTo(products.path("headPosition").asLong());
        assertThat(products.path("lag").asLong()).isZero();
        assertThat(products.path("claims").get(0).path("owner").asText()).isNotBlank();
    }

    @Test
    void status_prints_a_table_with_every_processor() {
        Cli.Run status = cli.online("status");

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("PROCESSOR")
                .contains("LAG")
                .contains("read-models")
                .contains("kafka-replicator");
    }

    @Test
    void replaying_a_projection_rebuilds_the_same_rows() {
        createProducts(5);
        awaitCaughtUp("read-models");
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM products ORDER BY product_id");

        Cli.Run replay = cli.online("replay", "read-models", "--timeout=90s");

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("Replay #").contains("caught up");
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM processor_replay WHERE processor = 'read-models' "
                                + "ORDER BY id DESC LIMIT 1",
                        String.class))
                .isEqualTo("DONE");
        assertThat(jdbc.queryForList("SELECT * FROM products ORDER BY product_id"))
                .isEqualTo(before);
    }

    @Test
    void replaying_one_read_model_rebuilds_it_alone_and_leaves_the_shared_processor_unreset() {
        createProducts(3);
        awaitCaughtUp("read-models");
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM products ORDER BY product_id");
        long replays = jdbc.queryForObject("SELECT count(*) FROM processor_replay", Long.class);

        Cli.Run replay = cli.online("replay", "products", "--timeout=90s");

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out())
                .contains("read model of processor read-models")
                .contains("rebuild products")
                .contains("swapped in");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processor_replay", Long.class))
                .isEqualTo(replays);
        assertThat(jdbc.queryForList("SELECT * FROM products ORDER BY product_id"))
                .isEqualTo(before);
        Cli.Run fromPosition = cli.online("replay", "products", "--from-position", "1");
        assertThat(fromPosition.exitCode()).isEqualTo(2);
        assertThat(fromPosition.err()).contains("replay read-models");
    }

    @Test
    void events_shows_exactly_the_aggregates_stored_stream() throws Exception {
        String productId = createProducts(1).getFirst();
        HttpResponse<String> priced = api.post(
                "/api/v1/products/" + productId + "/price",
                admin,
                "{\"price\": {\"amount\": \"12.00\", \"currency\": \"EUR\"}}");
        assertThat(priced.statusCode()).isEqualTo(200);
        List<Map<String, Object>> stored = jdbc.queryForList(
                "SELECT globalindex, sequencenumber, payloadtype, payload FROM domainevententry "
                        + "WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                productId);

        Cli.Run events = cli.online("events", productId, "--json");

        assertThat(events.exitCode()).as(events.err()).isZero();
        JsonNode shown = JSON.readTree(events.out());
        assertThat(shown).hasSize(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            assertThat(shown.get(i).path("position").asLong())
                    .isEqualTo(stored.get(i).get("globalindex"));
            assertThat(shown.get(i).path("sequence").asLong())
                    .isEqualTo(stored.get(i).get("sequencenumber"));
            assertThat(shown.get(i).path("payloadType").asText())
                    .isEqualTo(stored.get(i).get("payloadtype"));
            assertThat(shown.get(i).path("payload"))
                    .isEqualTo(JSON.readTree((byte[]) stored.get(i).get("payload")));
        }
    }

    @Test
    void events_show_a_stored_payload_byte_for_byte_online_and_offline() {
        String stored = "{\"amount\":1e+26,\"tiny\":0.10000000000000000000001,\"list\":[ 1.50 ,2E-3]}";
        String aggregate = UUID.randomUUID().toString();
        jdbc.update(
                "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "payload, payloadtype, timestamp) VALUES (?, 0, 'Probe', ?, ?, "
                        + "'org.ledgerline.test.StoredAsIs', '2026-11-24T00:00:00.000Z')",
                aggregate,
                UUID.randomUUID().toString(),
                stored.getBytes(StandardCharsets.UTF_8));
        Cli.Run online = cli.online("events", aggregate, "--json");
        Cli.Run table = cli.online("events", aggregate);
        Cli.Run offline = Cli.offline(dataSource, "events", aggregate, "--json");

        for (Cli.Run run : List.of(online, table, offline)) {
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains(stored);
        }
    }

    @Test
    void events_by_type_shows_only_that_type() throws Exception {
        createProducts(2);

        Cli.Run events = cli.online("events", "--type", "ProductCreated", "--since", "2020-01-01", "--json");

        assertThat(events.exitCode()).as(events.err()).isZero();
        JsonNode shown = JSON.readTree(events.out());
        assertThat(shown).isNotEmpty();
        shown.forEach(event -> assertThat(event.path("type").asText()).isEqualTo("ProductCreated"));
    }

    @Test
    void an_unknown_processor_is_bad_usage_and_lists_the_valid_ones() {
        Cli.Run replay = cli.online("replay", "nope");

        assertThat(replay.exitCode()).isEqualTo(2);
        assertThat(replay.err())
                .contains("nope")
                .contains("valid")
                .contains("read-models")
                .doesNotContain("Exception");
    }

    @Test
    void a_replay_from_a_position_without_an_event_is_bad_usage() {
        Cli.Run replay = cli.online("replay", "read-models", "--from-position", "999999999");

        assertThat(replay.exitCode()).isEqualTo(2);
        assertThat(replay.err()).contains("no event at position 999999999");
    }

    @Test
    void a_read_model_rebuild_shows_progress_until_it_is_swapped_in() {
        createProducts(2);

        Cli.Run rebuild = cli.online("rebuild", "products", "--timeout=90s");

        assertThat(rebuild.exitCode()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("rebuild products").contains("swapped in");
    }

    @Test
    void republish_sends_every_event_of_the_range_once_more() {
        createProducts(3);
        long from = jdbc.queryForObject("SELECT min(globalindex) FROM domainevententry", Long.class);
        long to = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        long inRange = jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE globalindex BETWEEN ? AND ?", Long.class, from, to);

        Cli.Run republish =
                cli.online("republish", "--from-position", Long.toString(from), "--to-position", Long.toString(to));

        assertThat(republish.exitCode()).as(republish.err()).isZero();
        // Another test of this class may have stored an unreadable event: it is skipped, never sent.
        Matcher sent = Pattern.compile("Re-sent (\\d+) events").matcher(republish.out());
        Matcher skipped = Pattern.compile("Skipped (\\d+) events").matcher(republish.out());
        assertThat(sent.find()).as(republish.out()).isTrue();
        long unreadable = skipped.find() ? Long.parseLong(skipped.group(1)) : 0;
        assertThat(Long.parseLong(sent.group(1)) + unreadable).isEqualTo(inRange);
        assertThat(Long.parseLong(sent.group(1))).isPositive();
    }

    @Test
    void a_republish_that_cannot_read_its_range_in_time_answers_503_not_500() throws Exception {
        // A transaction holding a transaction id and still open keeps every later commit unreadable (ADR 0002).
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            try (Statement statement = open.createStatement()) {
                statement.execute("SELECT pg_current_xact_id()");
            }
            createProducts(1);
            long position = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);

            HttpResponse<String> answer = api.post(
                    "/api/v1/admin/replication/republish",
                    admin,
                    "{\"fromPosition\": " + position + ", \"toPosition\": " + position + "}");

            open.rollback();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.body()).contains("position " + position).doesNotContain("Exception");
        }
    }

    @Test
    void dead_letters_are_listed_and_evicted() {
        String eventId = UUID.randomUUID().toString();
        jdbc.update(
                "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadtype, timestamp) VALUES (?, 0, 'Product', ?, ?, ?, ?, "
                        + "'2026-11-24T00:00:00.000Z')",
                UUID.randomUUID().toString(),
                eventId,
                "{}".getBytes(StandardCharsets.UTF_8),
                "{broken".getBytes(StandardCharsets.UTF_8),
                "org.ledgerline.product.api.ProductRenamed");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(cli.online("dead-letters", "list", "kafka-replicator")
                                .out())
                        .contains(eventId));

        Cli.Run evict = cli.online("dead-letters", "evict", "kafka-replicator", "--event", eventId);

        assertThat(evict.exitCode()).as(evict.err()).isZero();
        assertThat(evict.out()).contains("1 evicted, 0 remaining");
    }

    @Test
    void an_offline_replay_is_refused_while_a_platform_node_holds_the_claim() {
        awaitCaughtUp("read-models");
        Cli.Run replay = Cli.offline(dataSource, "replay", "read-models");

        assertThat(replay.exitCode()).isEqualTo(1);
        assertThat(replay.err())
                .contains("Refusing an offline replay of read-models")
                .contains("holds its token claim");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM processor_replay WHERE processor = 'read-models'", Long.class))
                .isZero();
    }

    private List<String> createProducts(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> {
                    HttpResponse<String> created = api.post(
                            "/api/v1/products",
                            admin,
                            "{\"sku\": \"SKU-" + UUID.randomUUID() + "\", \"name\": \"Product " + i + "\", "
                                    + "\"initialStock\": 4, \"price\": {\"amount\": \"9.90\", \"currency\": \"EUR\"}}");
                    assertThat(created.statusCode()).isEqualTo(201);
                    try {
                        return JSON.readTree(created.body()).path("productId").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private void awaitCaughtUp(String processor) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(
                    api.get("/api/v1/admin/processors/" + processor, admin).body());
            assertThat(status.path("caughtUp").asBoolean())
                    .as(status.toString())
                    .isTrue();
        });
    }

    private static JsonNode processor(JsonNode processors, String name) {
        for (JsonNode processor : processors) {
            if (processor.path("name").asText().equals(name)) {
                return processor;
            }
        }
        throw new AssertionError("No processor " + name + " in " + processors);
    }
}
