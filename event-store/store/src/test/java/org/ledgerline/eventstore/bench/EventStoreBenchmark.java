package org.ledgerline.eventstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Append and streaming-read throughput of the commit-ordered event store on real PostgreSQL. Not part of
 * {@code bin/test}; run {@code bin/bench-event-store} (-Dtest=EventStoreBenchmark). Tunables: -Dbench.writers,
 * -Dbench.events (per writer), -Dbench.batch (events per transaction).
 */
@LedgerlineIntegrationTest(properties = "ledgerline.event-store.batch-size=1000")
class EventStoreBenchmark {

    @Autowired
    EventStorageEngine engine;

    @Autowired
    PlatformTransactionManager transactions;

    record Measured(String aggregateId, String note) {}

    @Test
    void append_and_stream() throws Exception {
        int writers = Integer.getInteger("bench.writers", 8);
        int perWriter = Integer.getInteger("bench.events", 5000);
        int batch = Integer.getInteger("bench.batch", 1);

        Recorder latency = new Recorder(3);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                TransactionTemplate tx = new TransactionTemplate(transactions);
                String aggregate = UUID.randomUUID().toString();
                for (int i = 0; i < perWriter; i += batch) {
                    List<DomainEventMessage<?>> events = new ArrayList<>();
                    for (int b = 0; b < batch; b++) {
                        events.add(new GenericDomainEventMessage<>(
                                "Bench", aggregate, i + b, new Measured(aggregate, "event " + (i + b))));
                    }
                    long t0 = System.nanoTime();
                    tx.executeWithoutResult(status -> engine.appendEvents(events));
                    latency.recordValue(System.nanoTime() - t0);
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        double appendSeconds = (System.nanoTime() - start) / 1e9;
        long total = (long) writers * perWriter;
        Histogram h = latency.getIntervalHistogram();
        System.out.printf(
                "%nappend: %d writers x %d events, %d per transaction: %.0f events/s; "
                        + "commit latency ms p50 %.2f p99 %.2f max %.2f%n",
                writers,
                perWriter,
                batch,
                total / appendSeconds,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6);

        long readStart = System.nanoTime();
        long read = 0;
        TrackingToken token = engine.createTailToken();
        while (read < total) {
            List<? extends TrackedEventMessage<?>> page;
            try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(token, false)) {
                page = stream.limit(10_000).toList();
            }
            if (page.isEmpty()) {
                break;
            }
            read += page.size();
            token = page.getLast().trackingToken();
        }
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
        System.out.printf(
                "stream read (deserialized): %d events in %.2f s: %.0f events/s%n%n",
                read, readSeconds, read / readSeconds);
        assertThat(read).isEqualTo(total);
    }
}
