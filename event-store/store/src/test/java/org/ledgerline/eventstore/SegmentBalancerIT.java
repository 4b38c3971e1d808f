package org.ledgerline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.SecondNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three nodes (Spring contexts of the event store, each with the same 6-segment tracking processor) on one PostgreSQL
 * database: the first node claims every segment; as nodes join, the balancer moves segments until each holds its fair
 * share; as they stop, the remaining nodes take the segments back. Without the balancer
 * ({@code ledgerline.processors.balance.enabled=false}) the first node keeps all six.
 */
@LedgerlineIntegrationTest(
        classes = {EventStoreTestApplication.class, SegmentBalancerIT.Balanced.class},
        properties = {
            "ledgerline.node-id=node-a",
            "ledgerline.processors.balance.processors=balanced",
            "ledgerline.processors.balance.interval=300ms",
            "ledgerline.processors.balance.node-timeout=3s",
            "ledgerline.processors.balance.release-duration=3s"
        })
class SegmentBalancerIT {

    static final String PROCESSOR = "balanced";
    static final int SEGMENTS = 6;
    static final Duration BOUND = Duration.ofSeconds(60);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Environment environment;

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void segments_spread_over_the_nodes_that_join_and_come_back_from_those_that_leave() {
        await().atMost(BOUND).untilAsserted(() -> assertThat(claims()).isEqualTo(Map.of("node-a", SEGMENTS)));

        ConfigurableApplicationContext nodeB = node("node-b");
        await().atMost(BOUND).untilAsserted(() -> assertThat(claims()).isEqualTo(Map.of("node-a", 3, "node-b", 3)));

        ConfigurableApplicationContext nodeC = node("node-c");
        await().atMost(BOUND)
                .untilAsserted(() -> assertThat(claims()).isEqualTo(Map.of("node-a", 2, "node-b", 2, "node-c", 2)));
        assertThat(jdbc.queryForList("SELECT node_id FROM processor_node ORDER BY node_id", String.class))
                .containsExactly("node-a", "node-b", "node-c");

        nodeC.close();
        await().atMost(BOUND).untilAsserted(() -> assertThat(claims()).isEqualTo(Map.of("node-a", 3, "node-b", 3)));
        assertThat(jdbc.queryForList("SELECT node_id FROM processor_node ORDER BY node_id", String.class))
                .as("a node that stops leaves at once")
                .containsExactly("node-a", "node-b");

        nodeB.close();
        await().atMost(BOUND).untilAsserted(() -> assertThat(claims()).isEqualTo(Map.of("node-a", SEGMENTS)));
    }

    @Test
    void a_node_that_stops_heart_beating_drops_out_and_its_share_comes_back() {
        await().atMost(BOUND).untilAsserted(() -> assertThat(claims()).isEqualTo(Map.of("node-a", SEGMENTS)));
        // A node that heart-beats and runs the processor but holds nothing yet: the balancer makes room for it ...
        jdbc.update("INSERT INTO processor_node (node_id, processors) VALUES ('ghost', 'balanced')");
        await().atMost(BOUND).untilAsserted(() -> assertThat(claims()).isEqualTo(Map.of("node-a", 3)));
        // ... and takes the room back for good once the ghost's heartbeat is older than the node timeout (3 s): were
        // the
        // ghost still counted, node-a would release half again each time it claimed them back (release duration 3 s).
        await().atMost(BOUND)
                .during(Duration.ofSeconds(8))
                .untilAsserted(() -> assertThat(claims()).isEqualTo(Map.of("node-a", SEGMENTS)));
        jdbc.update("DELETE FROM processor_node WHERE node_id = 'ghost'");
    }

    /** Segments claimed per node (a released segment is owned by no one). */
    private Map<String, Integer> claims() {
        Map<String, Integer> claims = new TreeMap<>();
        jdbc.query(
                "SELECT owner, count(*) AS n FROM tokenentry WHERE processorname = ? AND owner IS NOT NULL "
                        + "GROUP BY owner",
                row -> {
                    claims.put(row.getString("owner"), row.getInt("n"));
                },
                PROCESSOR);
        return claims;
    }

    private ConfigurableApplicationContext node(String name) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        EventStoreTestApplication.class, Balanced.class)
                .run(SecondNode.onDatabaseOf(
                        environment,
                        "--ledgerline.node-id=" + name,
                        "--ledgerline.processors.balance.enabled="
                                + environment.getProperty("ledgerline.processors.balance.enabled", "true"),
                        "--ledgerline.processors.balance.processors=balanced",
                        "--ledgerline.processors.balance.interval=300ms",
                        "--ledgerline.processors.balance.node-timeout=3s",
                        "--ledgerline.processors.balance.release-duration=3s"));
        nodes.add(context);
        return context;
    }

    /**
     * The processor every node runs: 6 segments, 6 threads, claims looked for every 500 ms (Axon's default 5 s would
     * only slow the test). Not a {@code @Configuration}: the test application's component scan must not find it.
     */
    static class Balanced {

        @Bean
        ConfigurerModule balancedProcessor() {
            return configurer -> configurer
                    .eventProcessing()
                    .registerTrackingEventProcessor(
                            PROCESSOR,
                            org.axonframework.config.Configuration::eventStore,
                            config -> TrackingEventProcessorConfiguration.forParallelProcessing(SEGMENTS)
                                    .andInitialSegmentsCount(SEGMENTS)
                                    .andTokenClaimInterval(500, java.util.concurrent.TimeUnit.MILLISECONDS));
        }

        @Bean
        BalancedHandler balancedHandler() {
            return new BalancedHandler();
        }
    }

    @ProcessingGroup(PROCESSOR)
    static class BalancedHandler {

        @EventHandler
        void on(Object event) {}
    }
}
