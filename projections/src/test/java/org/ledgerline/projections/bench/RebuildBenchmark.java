package org.ledgerline.projections.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
        TransactionTemplate tx = new TransactionTemplate(transactions);
        for (int done = 0; done < orders; done += 250) {
            tx.executeWithoutResult(status -> {
                for (int i = 0; i < 250; i++) {
                    OrderId id = new OrderId(UUID.randomUUID());
                    eventStore.publish(new GenericDomainEventMessage<>("Order", id.toString(), 0, new OrderPlaced(
                            id, UUID.randomUUID(), List.of(new OrderLine(UUID.randomUUID(), "SKU", "Thing", 2,
                                                                         Money.of("5.00", "EUR"))),
                            Money.of("10.00", "EUR"), new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE"))));
                    eventStore.publish(new GenericDomainEventMessage<>("Order", id.toString(), 1,
                                                                       new OrderConfirmed(id)));
                }
            });
        }
        long events = 2L * orders;
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(this::allConfirmed);

        StreamingEventProcessor live = processing.eventProcessor("orders", StreamingEventProcessor.class)
                                                 .orElseThrow();
        long replayStart = System.nanoTime();
        live.shutDown();
        live.resetTokens();
        live.start();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(this::allConfirmed);
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;

        long rebuildStart = System.nanoTime();
        rebuilds.start("orders");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(
                () -> rebuilds.status("orders").map(RebuildStatus::state).orElse("").matches("DONE|FAILED"));
        double rebuildSeconds = (System.nanoTime() - rebuildStart) / 1e9;
        assertThat(rebuilds.status("orders").orElseThrow().state()).isEqualTo("DONE");
        assertThat(allConfirmed()).isTrue();

        System.out.printf("%norders read model from %d events: replay %.1f s (%.0f events/s), blue/green rebuild "
                                  + "%.1f s (%.0f events/s)%n%n", events, replaySeconds, events / replaySeconds,
                          rebuildSeconds, events / rebuildSeconds);
    }

    private boolean allConfirmed() {
        int expected = Integer.getInteger("bench.orders", 50_000);
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE status = 'CONFIRMED'", Integer.class)
                == expected;
    }
}
