package org.ledgerline.replication.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.probe.api.ProbeHappened;
import org.ledgerline.replication.kafka.KafkaReplicator;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replication under load: writers append at a target rate for a while; a consumer measures, per event, the time from
 * its append to its arrival on Kafka. Then catch-up: with the replicator stopped a backlog is appended
 * ({@code -Dbench.burst}, default 100,000 events), and the time from the replicator's start until all of it is on
 * Kafka gives catch-up events/s. Not part of {@code bin/test}: run {@code bin/bench-replication [events/s] [seconds]}.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        properties = {
            "ledgerline.replication.topic-prefix=bench",
            "ledgerline.replication.batch-size=${bench.batch:500}"
        })
class ReplicationBenchmark {

    @Autowired
    EventStore eventStore;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void replication_lag_and_throughput() throws Exception {
        int rate = Integer.getInteger("bench.rate", 3000);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int writers = 4;
        Histogram lag = new Histogram(60_000_000_000L, 3);
        Set<String> seen = new HashSet<>();
        AtomicBoolean consuming = new AtomicBoolean(true);
        AtomicLong appended = new AtomicLong();

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            // The first seconds (processor start, topic creation, JIT) are warm-up: not measured.
            Instant measureFrom = Instant.now().plusSeconds(5);
            for (int w = 0; w < writers; w++) {
                pool.submit(() -> {
                    TransactionTemplate tx = new TransactionTemplate(transactions);
                    long perWriterIntervalNanos = 1_000_000_000L * writers / rate;
                    long next = System.nanoTime();
                    String aggregate = UUID.randomUUID().toString();
                    long sequence = 0;
                    while (System.nanoTime() < end) {
                        long s = sequence++;
                        tx.executeWithoutResult(status -> eventStore.publish(new GenericDomainEventMessage<>(
                                "Probe", aggregate, s, new ProbeHappened(aggregate, s))));
                        appended.incrementAndGet();
                        next += perWriterIntervalNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            while (!pool.isTerminated() || seen.size() < appended.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
                    if (seen.add(id)) {
                        Instant appendedAt = Instant.parse(new String(
                                record.headers().lastHeader("ce_time").value(), StandardCharsets.UTF_8));
                        if (appendedAt.isAfter(measureFrom)) {
                            long nanos =
                                    Duration.between(appendedAt, Instant.now()).toNanos();
                            lag.recordValue(Math.max(0, nanos));
                        }
                    }
                }
                if (System.nanoTime() > end + Duration.ofSeconds(60).toNanos()) {
                    break;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%nsteady load: %d events appended at a target of %d/s over %d s, %d on Kafka "
                            + "(%.0f events/s end to end)%n",
                    appended.get(), rate, seconds, seen.size(), seen.size() / elapsed);
            System.out.printf(
                    "append -> on Kafka after 5 s warm-up (%d events), ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                    lag.getTotalCount(),
                    lag.getValueAtPercentile(50) / 1e6,
                    lag.getValueAtPercentile(90) / 1e6,
                    lag.getValueAtPercentile(99) / 1e6,
                    lag.getMaxValue() / 1e6);
            assertThat(seen).hasSize((int) appended.get());

            // Catch-up: Kafka replication stopped (as while Kafka is away), a backlog appended as fast as the writers
            // go, then the replicator started again: the time until the whole backlog is on Kafka.
            int burst = Integer.getInteger("bench.burst", 100_000);
            EventProcessor replicator =
                    processing.eventProcessor(KafkaReplicator.PROCESSING_GROUP).orElseThrow();
            replicator.shutDown();
            long appendStart = System.nanoTime();
            ExecutorService burstPool = Executors.newFixedThreadPool(writers);
            List<java.util.concurrent.Future<?>> appends = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                appends.add(burstPool.submit(() -> {
                    TransactionTemplate tx = new TransactionTemplate(transactions);
                    String aggregate = UUID.randomUUID().toString();
                    for (long s = 0; s < burst / writers; s += 50) {
                        long first = s;
                        tx.executeWithoutResult(status -> {
                            for (long i = first; i < first + 50; i++) {
                                eventStore.publish(new GenericDomainEventMessage<>(
                                        "Probe", aggregate, i, new ProbeHappened(aggregate, i)));
                            }
                        });
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> append : appends) {
                append.get();
            }
            burstPool.shutdown();
            double appendSeconds = (System.nanoTime() - appendStart) / 1e9;
            long target = appended.get() + burst;
            java.util.Map<Long, Long> cpuBefore = threadCpu();
            long burstStart = System.nanoTime();
            replicator.start();
            while (seen.size() < target
                    && System.nanoTime() - burstStart < Duration.ofSeconds(180).toNanos()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
                }
            }
            double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
            java.util.Map<String, Long> cpu = cpuSince(cpuBefore);
            System.out.printf(
                    "catch-up: backlog of %d events (appended in %.1f s while replication was stopped) on "
                            + "Kafka %.1f s after the replicator started (%.0f events/s)%n%n",
                    burst, appendSeconds, burstSeconds, burst / burstSeconds);
            cpu.forEach((thread, nanos) -> System.out.printf(
                    "catch-up thread CPU: %-40s %6.2f µs per event (%.2f s)%n",
                    thread, nanos / 1e3 / burst, nanos / 1e9));
            System.out.println();
            assertThat(seen).hasSize((int) target);
            consuming.set(false);
        }
    }

    /** CPU time so far of every live thread, by thread id. */
    private static java.util.Map<Long, Long> threadCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /**
     * The CPU the replicator's threads spent since {@code before} (threads started meanwhile count from zero), by role:
     * the processor thread, the prefetching reader, the producer's network thread.
     */
    private static java.util.Map<String, Long> cpuSince(java.util.Map<Long, Long> before) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> byRole = new java.util.TreeMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String role = name.contains(KafkaReplicator.PROCESSING_GROUP)
                    ? "processor (" + name + ")"
                    : name.startsWith("event-prefetch")
                            ? "prefetch (event-prefetch)"
                            : name.startsWith("kafka-producer-network-thread") && name.endsWith("-replicator")
                                    ? "producer network (" + name + ")"
                                    : null;
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (role != null && nanos >= 0) {
                byRole.merge(role, nanos - before.getOrDefault(info.getThreadId(), 0L), Long::sum);
            }
        }
        return byRole;
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        String topic = "bench.probe.events";
        try (var admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", TestInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 3, (short) 1)))
                    .all()
                    .get();
        } catch (Exception alreadyThere) {
            // the replicator may have created it first
        }
        List<TopicPartition> partitions =
                List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
