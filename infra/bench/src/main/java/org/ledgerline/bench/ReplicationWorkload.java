package org.ledgerline.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.replication.kafka.KafkaReplicator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 9, item 3 and issue 22: append → visible on Kafka at fixed rates (1,000 events/s, each event its own
 * transaction, and 5,000 events/s, five per transaction; appended through the event store; lag = arrival − the
 * event's {@code ce_time}), then catch-up: the broker is stopped, a backlog of 1.5 M events is written in bulk, the
 * broker comes back, and the drain is timed from the first of them to arrive to the last (over 10 s at 100,000/s).
 */
final class ReplicationWorkload {

    private static final int WRITERS = 4;

    private final Platform platform;
    private final Servers servers;
    private final Scale scale;
    private final Map<String, Long> expected = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Recorder lag = new Recorder(3);
    /** The two halves of the lag: until the replicator sent the record (its Kafka timestamp), and from there on. */
    private final Recorder toSend = new Recorder(3);

    private final Recorder sendToArrival = new Recorder(3);
    private final AtomicBoolean measuringLag = new AtomicBoolean();
    private volatile Instant outageStart = Instant.MAX;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong drained = new AtomicLong();
    private final AtomicLong failedAppends = new AtomicLong();
    private final AtomicLong outageDrained = new AtomicLong();
    private volatile long firstDrained;
    private volatile long lastDrained;

    ReplicationWorkload(Platform platform, Servers servers, Scale scale) {
        this.platform = platform;
        this.servers = servers;
        this.scale = scale;
    }

    void measure(Results results) throws Exception {
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = Thread.ofPlatform().name("bench-kafka-consumer").start(() -> consume(consuming));
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int rate : scale.replicationRates) {
                lag(results, rate, writers);
            }
            catchUp(results);
        } finally {
            writers.shutdownNow();
            consuming.set(false);
            consumer.join(10_000);
        }
    }

    /**
     * One lag row: {@code rate} events/s for the phase, after a warm-up at the same rate. Up to 1,000 events/s each
     * event is its own transaction; above, {@code rate / 1,000} events (each of its own product) share one, so the
     * store takes 1,000 commits a second at every rate: 5,000 single-event commits a second is above what the
     * machine's PostgreSQL commits at all (the single-row insert limit row).
     */
    private void lag(Results results, int rate, ExecutorService writers) throws Exception {
        EventStore store = platform.bean(EventStore.class);
        TransactionTemplate tx = new TransactionTemplate(platform.bean(PlatformTransactionManager.class));
        int perTransaction = Math.max(1, rate / 1_000);
        Loads.AsyncCall append = () -> CompletableFuture.supplyAsync(
                () -> {
                    List<GenericDomainEventMessage<ProductCreated>> events = new ArrayList<>(perTransaction);
                    for (int i = 0; i < perTransaction; i++) {
                        UUID id = UUID.randomUUID();
                        events.add(new GenericDomainEventMessage<>(
                                "Product",
                                id.toString(),
                                0,
                                new ProductCreated(
                                        new ProductId(id), "REPL-" + id, "Replicated", Money.of("1.00", "EUR"), 10)));
                    }
                    long now = System.nanoTime();
                    events.forEach(event -> expected.put(event.getIdentifier(), now));
                    try {
                        tx.executeWithoutResult(status -> store.publish(events));
                    } catch (RuntimeException e) {
                        // Not in the store, so not owed to Kafka: the load counts it as an error instead.
                        events.forEach(event -> expected.remove(event.getIdentifier()));
                        if (failedAppends.getAndIncrement() == 0) {
                            System.err.println("Replication: an append failed (" + e + "); failures count as errors");
                        }
                        throw e;
                    }
                    return true;
                },
                writers);
        double transactionsPerSecond = (double) rate / perTransaction;
        Loads.open(transactionsPerSecond, scale.warmup, Duration.ofSeconds(30), append);
        awaitSeen(Duration.ofSeconds(60));
        expected.clear();
        lag.reset();
        toSend.reset();
        sendToArrival.reset();
        measuringLag.set(true);
        Loads.Result load = Loads.open(transactionsPerSecond, scale.replicationPhase, Duration.ofSeconds(30), append);
        long missing = awaitSeen(Duration.ofSeconds(60));
        measuringLag.set(false);
        // Events still missing are charged what they waited so far (a lower bound), not dropped.
        long now = System.nanoTime();
        expected.forEach((id, appendedAt) -> {
            if (!seen.contains(id)) {
                lag.recordValue(Math.max(0, now - appendedAt));
            }
        });
        Histogram histogram = lag.getIntervalHistogram();
        Histogram sending = toSend.getIntervalHistogram();
        Histogram arriving = sendToArrival.getIntervalHistogram();
        if (histogram.getTotalCount() == 0) {
            throw new IllegalStateException("Replication: nothing reached Kafka");
        }
        results.add(Measure.latency(
                lagKey(rate),
                "Replication: append -> on Kafka at %,d events/s%s, p50 / p99 / p99.9"
                        .formatted(rate, perTransaction == 1 ? "" : " (%d per transaction)".formatted(perTransaction)),
                new double[] {ms(histogram, 50), ms(histogram, 99), ms(histogram, 99.9)},
                ("%,d events, %.0f/s appended, %s%s; append -> sent p50 / p99 %.1f / %.0f ms, sent "
                                + "-> consumed %.1f / %.0f ms%s")
                        .formatted(
                                histogram.getTotalCount(),
                                load.perSecond() * perTransaction,
                                load.usage(),
                                perTransaction == 1 ? "" : " (an op is a transaction of %d)".formatted(perTransaction),
                                ms(sending, 50),
                                ms(sending, 99),
                                ms(arriving, 50),
                                ms(arriving, 99),
                                missing == 0
                                        ? ""
                                        : ("; %,d not on Kafka 60 s after the load (counted at " + "their wait so far)")
                                                .formatted(missing))));
    }

    private void catchUp(Results results) throws Exception {
        // The warm-up platform only takes the path through the JIT: a backlog of the old size does that.
        int backlog = "warmup".equals(platform.name) ? Math.min(scale.outageEvents, 100_000) : scale.outageEvents;
        outageStart = Instant.now().minusMillis(1);
        long stopped = System.nanoTime();
        servers.stopKafka();
        // Real events through the store's own table, 10,000 per transaction: each statement's rows take the next
        // commit-order position, as appends do, and the bulk insert keeps the outage short for a large backlog.
        long seeding = System.nanoTime();
        try (Connection connection = servers.connect(platform.database);
                PreparedStatement insert = connection.prepareStatement(PRODUCTS_CREATED)) {
            for (int done = 0; done < backlog; done += 10_000) {
                insert.setInt(1, Math.min(10_000, backlog - done));
                insert.executeUpdate();
            }
        }
        double seedSeconds = (System.nanoTime() - seeding) / 1e9;
        Thread.sleep(scale.outage.toMillis()); // the outage itself: the store keeps taking events
        long restarted = System.nanoTime();
        double outageSeconds = (restarted - stopped) / 1e9;
        // The broker's start and the replicator's retry back-off come first (not counted). The drain is timed from
        // the first event that reaches Kafka after the restart to the last of the outage's events, and counts every
        // event delivered meanwhile (a slow configuration may still owe events of the lag phase). Bounded: a slow
        // configuration is rated on what it drained within the bound.
        draining.set(true);
        servers.startKafka();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (drained.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling a counter the consumer thread advances
        }
        if (drained.get() == 0) {
            throw new IllegalStateException("Catch-up: nothing reached Kafka within 2 minutes of the restart");
        }
        long drainDeadline = firstDrained + scale.slowPathLimit.toNanos();
        while (outageDrained.get() < backlog && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        draining.set(false);
        long count = drained.get();
        double drainSeconds = Math.max(1e-3, (lastDrained - firstDrained) / 1e9);
        results.add(Measure.rate(
                "replication.catchup",
                "Replication: catch-up of %,d events after a broker outage".formatted(backlog),
                "events/s",
                count / drainSeconds,
                "limit.read",
                ("%,d events drained in %.2f s (first to last), %,d of the outage's %,d%s; broker away %.0f s "
                                + "(backlog written in %.1f s); broker restart -> first on Kafka %.1f s")
                        .formatted(
                                count,
                                drainSeconds,
                                outageDrained.get(),
                                backlog,
                                outageDrained.get() < backlog ? ", stopped at the time bound" : "",
                                outageSeconds,
                                seedSeconds,
                                (firstDrained - restarted) / 1e9)));
    }

    private long awaitSeen(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            long missing =
                    expected.keySet().stream().filter(id -> !seen.contains(id)).count();
            if (missing == 0) {
                return 0;
            }
            Thread.sleep(50); // polling what the consumer thread has seen
        }
        List<String> missing =
                expected.keySet().stream().filter(id -> !seen.contains(id)).toList();
        if (!missing.isEmpty()) {
            explainMissing(missing);
        }
        return missing.size();
    }

    /** Where events that never reached the consumer are: in the store, and before or after the replicator's token. */
    private void explainMissing(List<String> missing) {
        try (Connection connection = servers.connect(platform.database);
                PreparedStatement rows = connection.prepareStatement(
                        "SELECT eventidentifier, tx_id, globalindex FROM domainevententry WHERE eventidentifier = ANY(?)"
                                + " LIMIT 10");
                PreparedStatement token = connection.prepareStatement(
                        "SELECT convert_from(token, 'UTF8') FROM tokenentry WHERE processorname = ?");
                PreparedStatement deadLetters =
                        connection.prepareStatement("SELECT count(*) FROM deadletterentry WHERE processinggroup = ?")) {
            rows.setArray(1, connection.createArrayOf("text", missing.toArray()));
            StringBuilder found = new StringBuilder();
            int inStore = 0;
            try (ResultSet result = rows.executeQuery()) {
                while (result.next()) {
                    inStore++;
                    found.append(' ')
                            .append(result.getString(1))
                            .append(" (tx ")
                            .append(result.getLong(2))
                            .append(", index ")
                            .append(result.getLong(3))
                            .append(')');
                }
            }
            token.setString(1, KafkaReplicator.PROCESSING_GROUP);
            deadLetters.setString(1, KafkaReplicator.PROCESSING_GROUP);
            System.err.printf(
                    "Replication: %,d events not on Kafka; of the first 10, %d in the store:%s; replicator "
                            + "token %s; %s dead letters%n",
                    missing.size(), inStore, found, joined(token), joined(deadLetters));
        } catch (Exception e) {
            System.err.println("Replication: could not look for the missing events: " + e);
        }
    }

    /** The first column of every row the query returns, comma-separated. */
    private static String joined(PreparedStatement query) throws SQLException {
        try (ResultSet result = query.executeQuery()) {
            StringBuilder values = new StringBuilder();
            while (result.next()) {
                values.append(values.isEmpty() ? "" : ", ").append(result.getString(1));
            }
            return values.toString();
        }
    }

    private void consume(AtomicBoolean consuming) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Pattern.compile(Pattern.quote(platform.topicPrefix) + "\\..*"));
            while (consuming.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    Instant arrived = Instant.now();
                    String id = header(record, "ce_id");
                    Instant appended = Instant.parse(header(record, "ce_time"));
                    if (!seen.add(id)) {
                        continue;
                    }
                    if (measuringLag.get() && expected.containsKey(id)) {
                        lag.recordValue(
                                Math.max(0, Duration.between(appended, arrived).toNanos()));
                        Instant sent = Instant.ofEpochMilli(record.timestamp());
                        toSend.recordValue(
                                Math.max(0, Duration.between(appended, sent).toNanos()));
                        sendToArrival.recordValue(
                                Math.max(0, Duration.between(sent, arrived).toNanos()));
                    }
                    if (draining.get()) {
                        if (drained.incrementAndGet() == 1) {
                            firstDrained = now;
                        }
                        lastDrained = now;
                        if (!appended.isBefore(outageStart)) {
                            outageDrained.incrementAndGet();
                        }
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    /** ProductCreated events as the platform's Jackson serializer stores them, each a new product. */
    static final String PRODUCTS_CREATED = """
            INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                          payload, payloadtype, payloadrevision, timestamp)
            SELECT id::text, 0, 'Product', gen_random_uuid()::text, convert_to('{}', 'UTF8'),
                   convert_to('{"productId":{"value":"' || id || '"},"sku":"OUTAGE-' || id || '","name":"Outage '
                              || n || '","price":{"amount":9.90,"currency":"EUR"},"initialStock":4}', 'UTF8'),
                   'product.ProductCreated', '1',
                   to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ?) AS n) AS products
            """;

    /** The lag row's key: {@code replication.lag} at 1,000 events/s (the row earlier runs have), else with its rate. */
    static String lagKey(int rate) {
        return rate == 1_000 ? "replication.lag" : "replication.lag." + rate;
    }
}
