package org.ledgerline.projections.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.projections.rebuild.BlueGreenRebuilds;
import org.ledgerline.projections.rebuild.RebuildStatus;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The orders read model built from N events two ways: a replay of the live processor from position 0, and a
 * blue/green rebuild. Not part of {@code bin/test}: run {@code bin/bench-rebuild [orders]} (2 events per order).
 */
@LedgerlineIntegrationTest
class RebuildBenchmark {

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    BlueGreenRebuilds rebuilds;

    @Test
    void replay_and_rebuild_throughput() {
        int orders = Integer.getInteger("bench.orders", 50_000);
        boolean replay = Boolean.parseBoolean(System.getProperty("bench.replay", "true"));
        if (!replay) {
            // Without the replay, nothing needs the live model before the first rebuild (which restarts it).
            processing
                    .eventProcessorByProcessingGroup("orders", StreamingEventProcessor.class)
                    .orElseThrow()
                    .shutDown();
        }
        TransactionTemplate tx = new TransactionTemplate(transactions);
        for (int done = 0; done < orders; done += 250) {
            tx.executeWithoutResult(status -> {
                for (int i = 0; i < 250; i++) {
                    OrderId id = new OrderId(UUID.randomUUID());
                    eventStore.publish(new GenericDomainEventMessage<>(
                            "Order",
                            id.toString(),
                            0,
                            new OrderPlaced(
                                    id,
                                    UUID.randomUUID(),
                                    List.of(new OrderLine(
                                            UUID.randomUUID(), "SKU", "Thing", 2, Money.of("5.00", "EUR"))),
                                    Money.of("10.00", "EUR"),
                                    new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE"))));
                    eventStore.publish(
                            new GenericDomainEventMessage<>("Order", id.toString(), 1, new OrderConfirmed(id)));
                }
            });
        }
        long events = 2L * orders;
        // -Dbench.replay=false skips the replay (minutes on a loaded machine) when only rebuild variants are compared.
        double replaySeconds = Double.NaN;
        if (replay) {
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(this::allConfirmed);
            StreamingEventProcessor live = processing
                    .eventProcessorByProcessingGroup("orders", StreamingEventProcessor.class)
                    .orElseThrow();
            long replayStart = System.nanoTime();
            live.shutDown();
            live.resetTokens();
            live.start();
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(this::allConfirmed);
            replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        }
        System.out.printf(
                "%norders read model from %d events: replay %.1f s (%.0f events/s); load %s%n",
                events, replaySeconds, events / replaySeconds, loadAverage());
        // Each variant "threads=T,fetch=F,batch=B" (fetch 0: through the event store) rebuilds in turn, rounds times,
        // so their ratios come from one run; without bench.variants, the configured settings once.
        String variants = System.getProperty("bench.variants", "");
        int rounds = Integer.getInteger("bench.rounds", 1);
        for (int round = 0; round < rounds; round++) {
            for (String variant : variants.isBlank() ? List.of("") : List.of(variants.split(";"))) {
                for (String setting : variant.isBlank() ? new String[0] : variant.split(",")) {
                    String[] pair = setting.trim().split("=");
                    String field = switch (pair[0]) {
                        case "threads" -> "threads";
                        case "fetch" -> "fetchSize";
                        case "batch" -> "batchSize";
                        default -> throw new IllegalArgumentException("Unknown bench setting " + pair[0]);
                    };
                    ReflectionTestUtils.setField(
                            (Object) AopTestUtils.getTargetObject(rebuilds), field, Integer.parseInt(pair[1]));
                }
                double rebuildSeconds = rebuild();
                System.out.printf(
                        "blue/green rebuild [%s] %.1f s (%.0f events/s, %.1fx the replay); load %s%n",
                        variant.isBlank() ? "configured" : variant,
                        rebuildSeconds,
                        events / rebuildSeconds,
                        replaySeconds / rebuildSeconds,
                        loadAverage());
            }
        }
        System.out.println();
    }

    private double rebuild() {
        long rebuildStart = System.nanoTime();
        rebuilds.start("orders");
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> rebuilds.status("orders")
                        .map(RebuildStatus::state)
                        .orElse("")
                        .matches("DONE|FAILED"));
        double rebuildSeconds = (System.nanoTime() - rebuildStart) / 1e9;
        assertThat(rebuilds.status("orders").orElseThrow().state()).isEqualTo("DONE");
        assertThat(allConfirmed()).isTrue();
        return rebuildSeconds;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private boolean allConfirmed() {
        int expected = Integer.getInteger("bench.orders", 50_000);
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE status = 'CONFIRMED'", Integer.class) == expected;
    }
}
