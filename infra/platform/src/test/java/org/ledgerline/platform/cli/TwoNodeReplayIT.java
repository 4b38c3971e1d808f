package org.ledgerline.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.SecondNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two platform nodes (two Spring contexts) on one database: a replay requested on one node while the other holds
 * every claim of the processor. Axon alone cannot do this (AxonFramework #550: resetTokens needs all claims).
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.node-id=node-a", "ledgerline.projections.segments=2",
            "ledgerline.replication.topic-prefix=twonodes", "ledgerline.replay.poll-interval=200ms"
        })
class TwoNodeReplayIT {

    private static final String PROCESSOR = "read-models";

    static ConfigurableApplicationContext nodeB;

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    @BeforeAll
    static void startSecondNode(@Autowired Environment nodeA) {
        nodeB = new SpringApplicationBuilder(LedgerlinePlatform.class)
                .run(SecondNode.arguments(
                        nodeA,
                        "--ledgerline.replication.topic-prefix=twonodes",
                        "--ledgerline.node-id=node-b",
                        "--ledgerline.projections.segments=2",
                        "--ledgerline.replay.poll-interval=200ms"));
    }

    @AfterAll
    static void stopSecondNode() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Test
    void a_replay_requested_on_one_node_while_the_other_holds_every_claim_is_carried_out_by_both() {
        ApiClient api = new ApiClient(port, tokens);
        String admin = api.adminToken();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> created = api.post(
                    "/api/v1/products",
                    admin,
                    "{\"sku\": \"SKU-" + UUID.randomUUID() + "\", \"name\": \"Two nodes " + i + "\", "
                            + "\"initialStock\": 4, \"price\": {\"amount\": \"3.50\", \"currency\": \"EUR\"}}");
            assertThat(created.statusCode()).isEqualTo(201);
        }
        // Node B takes every segment: node A lets go of its claims and comes back without any.
        StreamingEventProcessor onA = processing
                .eventProcessor(PROCESSOR, StreamingEventProcessor.class)
                .orElseThrow();
        onA.shutDown();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(owners()).containsOnly("node-b"));
        onA.start();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM products WHERE name LIKE 'Two nodes %'", Long.class))
                        .isEqualTo(6));
        List<Map<String, Object>> before = jdbc.queryForList("SELECT * FROM products ORDER BY product_id");

        Cli.Run replay = new Cli(port, admin).online("replay", PROCESSOR, "--timeout=120s");

        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("caught up");
        Map<String, Object> request = jdbc.queryForMap(
                "SELECT state, requested_by, reset_by FROM processor_replay "
                        + "WHERE processor = ? ORDER BY id DESC LIMIT 1",
                PROCESSOR);
        assertThat(request).containsEntry("state", "DONE").containsEntry("requested_by", "node-a");
        assertThat(request.get("reset_by")).isIn("node-a", "node-b");
        assertThat(jdbc.queryForList("SELECT * FROM products ORDER BY product_id"))
                .as(replay.out()
                        + jdbc.queryForList("SELECT segment, owner, tokentype, convert_from(token, 'UTF8') "
                                + "FROM tokenentry WHERE processorname = 'read-models'"))
                .isEqualTo(before);
        StreamingEventProcessor onB = nodeB.getBean(EventProcessingConfiguration.class)
                .eventProcessor(PROCESSOR, StreamingEventProcessor.class)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(onA.isRunning()).isTrue();
            assertThat(onB.isRunning()).isTrue();
        });
    }

    @Test
    void the_read_models_segments_are_spread_one_per_node_by_the_segment_balancer() {
        // One processor runs every read model (ADR 0025): whichever node started first claimed both of its
        // segments, and the balancer moves one (ADR 0023).
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(jdbc.queryForList(
                                "SELECT coalesce(owner, '-') FROM tokenentry WHERE processorname = 'read-models'",
                                String.class))
                        .containsExactlyInAnyOrder("node-a", "node-b"));
    }

    private List<String> owners() {
        return jdbc.queryForList(
                "SELECT coalesce(owner, '-') FROM tokenentry WHERE processorname = ?", String.class, PROCESSOR);
    }
}
