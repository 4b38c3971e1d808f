package org.ledgerline.platform.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.testsupport.TestInfrastructure;
import org.ledgerline.testsupport.http.ApiClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A store backed up with {@code pg_dump -Fc} and restored with {@code pg_restore} into a new PostgreSQL cluster just
 * works when the platform starts on it (ADR 0018): the source cluster has run millions of transactions, the new one a
 * few hundred, so every restored event's commit-order id is far ahead of the new cluster's transaction ids. A user
 * stored before the dump signs in; new sign-ups and orders are appended; every event processor (read models, the
 * order saga, the Kafka replicator) handles them, the new orders are confirmed and in the read model, and they reach
 * Kafka. The repaired store, dumped again and restored into a cluster far ahead (like the original), keeps its offset
 * and carries on as well.
 */
class RestoreIntoNewClusterIT {

    /** Where the source cluster's transaction counter starts: a cluster that has run 5 million transactions. */
    private static final long SOURCE_TRANSACTIONS = 5 * 1_048_576L;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String topicPrefix = "restore" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_store_restored_into_a_new_cluster_takes_commands_and_every_processor_handles_them() {
        try (PostgresCluster source = PostgresCluster.create("source", SOURCE_TRANSACTIONS);
                PostgresCluster target = PostgresCluster.create("target", 0)) {
            source.start();
            source.createDatabase("ledgerline");
            String aliceOrder;
            try (ConfigurableApplicationContext platform = start(source.jdbcUrl("ledgerline"))) {
                Client api = new Client(platform);
                String alice = api.signUp("alice@example.com", "alice-password");
                String product = api.product("TEAPOT", 100);
                aliceOrder = api.order(api.login("alice@example.com", "alice-password"), alice, product);
                api.awaitEveryProcessorCaughtUp(0);
            }
            assertThat(source.queryLong("ledgerline", "SELECT min(tx_id) FROM domainevententry"))
                    .as("written on a cluster past %s transactions", SOURCE_TRANSACTIONS)
                    .isGreaterThanOrEqualTo(SOURCE_TRANSACTIONS);
            Path dump = source.dump("ledgerline");
            source.stop(); // gone, as after a disaster

            target.start();
            target.restore(dump, "ledgerline");
            assertThat(target.queryLong("ledgerline", "SELECT pg_current_xact_id()::text::bigint"))
                    .as("a new cluster's transaction ids are far behind the restored rows")
                    .isLessThan(SOURCE_TRANSACTIONS / 2);
            try (ConfigurableApplicationContext platform = start(target.jdbcUrl("ledgerline"))) {
                Client api = new Client(platform);
                String aliceToken = api.login("alice@example.com", "alice-password");
                assertThat(api.status(aliceToken, aliceOrder)).isEqualTo("CONFIRMED");
                String bob = api.signUp("bob@example.com", "bob-password");
                String product = api.product("KETTLE", 100);
                String bobOrder = api.order(api.login("bob@example.com", "bob-password"), bob, product);
                String aliceSecond = api.order(aliceToken, null, product);
                long newest = api.lastPosition;

                api.awaitEveryProcessorCaughtUp(newest);
                assertThat(api.orderIds(aliceToken)).contains(aliceOrder, aliceSecond);
                assertThat(api.replicatedOrders()).contains(aliceOrder, bobOrder, aliceSecond);
                assertThat(target.queryLong("ledgerline", "SELECT tx_id_offset FROM event_store_commit_order"))
                        .as("the start raised the commit-order offset, once")
                        .isPositive();
                assertThat(platform.getBean(MeterRegistry.class)
                                .get("ledgerline.eventstore.commit.order.offset.raised")
                                .counter()
                                .count())
                        .isEqualTo(1.0);
            }

            // The repaired store (its offset in the dump) restored into a cluster far ahead, like the original one.
            long offset = target.queryLong("ledgerline", "SELECT tx_id_offset FROM event_store_commit_order");
            Path again = target.dump("ledgerline");
            source.start();
            source.restore(again, "ledgerline_again");
            try (ConfigurableApplicationContext platform = start(source.jdbcUrl("ledgerline_again"))) {
                Client api = new Client(platform);
                String bobToken = api.login("bob@example.com", "bob-password");
                String product = api.product("MUG", 100);
                String bobSecond = api.order(bobToken, null, product);
                api.awaitEveryProcessorCaughtUp(api.lastPosition);
                assertThat(api.orderIds(bobToken)).contains(bobSecond);
                assertThat(source.queryLong("ledgerline_again", "SELECT tx_id_offset FROM event_store_commit_order"))
                        .as("nothing to repair: the offset stays as dumped")
                        .isEqualTo(offset);
            }
        }
    }

    private ConfigurableApplicationContext start(String database) {
        Path data = Path.of("target", "ledgerline-data", "restore-" + UUID.randomUUID())
                .toAbsolutePath();
        return new SpringApplicationBuilder(LedgerlinePlatform.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--ledgerline.embedded.enabled=false",
                        "--ledgerline.embedded.data-directory=" + data,
                        "--ledgerline.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                        "--ledgerline.replication.topic-prefix=" + topicPrefix,
                        "--ledgerline.admin.email=",
                        "--axon.update-check.disabled=true",
                        "--axon.console.disable-axoniq-console-message=true");
    }

    /** The platform's API as a customer and an operator use it. */
    private final class Client {

        private final ApiClient api;
        private final String admin;
        long lastPosition;

        Client(ConfigurableApplicationContext platform) {
            int port = ((WebServerApplicationContext) platform).getWebServer().getPort();
            TokenIssuer issuer = platform.getBean(TokenIssuer.class);
            api = new ApiClient(port, (id, roles) -> issuer.issue(id, roles).accessToken());
            admin = api.tokenFor(UUID.randomUUID(), "CUSTOMER", "ADMIN");
        }

        String signUp(String email, String password) {
            HttpResponse<String> response = api.post(
                    "/api/v1/users",
                    null,
                    "{\"email\": \"%s\", \"name\": \"N\", \"password\": \"%s\"}".formatted(email, password));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return json(response).path("userId").asString();
        }

        String login(String email, String password) {
            HttpResponse<String> response = api.post(
                    "/api/v1/auth/token", null, "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(email, password));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return json(response).path("accessToken").asString();
        }

        String product(String sku, int stock) {
            HttpResponse<String> response = api.post(
                    "/api/v1/products",
                    admin,
                    "{\"sku\": \"%s\", \"name\": \"%s\", \"initialStock\": %d, \"price\": {\"amount\": \"5.00\", \"currency\": \"EUR\"}}"
                            .formatted(sku, sku, stock));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return json(response).path("productId").asString();
        }

        /** Deposits (when {@code userId} is given), places an order and waits until the saga confirms it. */
        String order(String customer, String userId, String productId) {
            if (userId != null) {
                HttpResponse<String> deposit = api.post(
                        "/api/v1/accounts/" + userId + "/deposits",
                        customer,
                        "{\"amount\": {\"amount\": \"100.00\", \"currency\": \"EUR\"}}");
                assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
            }
            HttpResponse<String> order = api.post("/api/v1/orders", customer, """
                    {"lines": [{"productId": "%s", "quantity": 2}],
                     "shippingAddress": {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                    """.formatted(productId));
            assertThat(order.statusCode()).as(order.body()).isEqualTo(202);
            lastPosition = Long.parseLong(
                    order.headers().firstValue("X-Ledgerline-Position").orElseThrow());
            String orderId = json(order).path("orderId").asString();
            await("order " + orderId + " confirmed (in the read model)")
                    .atMost(PATIENCE)
                    .until(() -> "CONFIRMED".equals(status(customer, orderId)));
            return orderId;
        }

        String status(String customer, String orderId) {
            HttpResponse<String> response = api.get("/api/v1/orders/" + orderId, customer);
            return response.statusCode() == 200 ? json(response).path("status").asString() : null;
        }

        List<String> orderIds(String customer) {
            HttpResponse<String> response = api.get("/api/v1/orders", customer);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            json(response).findValues("orderId").forEach(id -> ids.add(id.asString()));
            return ids;
        }

        /** Every streaming processor (the read models', the saga's, the Kafka replicator) has handled the events up to here. */
        void awaitEveryProcessorCaughtUp(long position) {
            await("every processor past position " + position).atMost(PATIENCE).untilAsserted(() -> {
                HttpResponse<String> response = api.get("/api/v1/admin/processors", admin);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode processors = json(response);
                assertThat(processors.size()).isGreaterThanOrEqualTo(3);
                Set<String> names = new HashSet<>();
                for (JsonNode processor : processors) {
                    String name = processor.path("name").asString();
                    names.add(name);
                    assertThat(processor.path("caughtUp").asBoolean())
                            .as(name + ": " + processor)
                            .isTrue();
                    assertThat(processor.path("position").asLong(-1))
                            .as(name + ": " + processor)
                            .isGreaterThanOrEqualTo(position);
                }
                assertThat(names).containsAll(List.of("kafka-replicator", "order-saga", "read-models"));
            });
        }

        /** The order ids of the records on this test's order topic. */
        Set<String> replicatedOrders() {
            Set<String> keys = new HashSet<>();
            try (KafkaConsumer<String, byte[]> consumer = TestInfrastructure.kafkaConsumer()) {
                String topic = topicPrefix + ".order.events";
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                await("the order topic read to its end").atMost(PATIENCE).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
                    return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                });
            }
            return keys;
        }

        private static JsonNode json(HttpResponse<String> response) {
            return JSON.readTree(response.body());
        }
    }
}
