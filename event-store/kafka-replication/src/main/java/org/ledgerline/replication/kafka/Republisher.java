package org.ledgerline.replication.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.kernel.InvalidCommandException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends a range of the store (by global index) to Kafka once more, e.g. after a topic was lost or a consumer needs a
 * re-feed. Records are exactly the replicator's ({@link ReplicationRecords}): same key, same {@code ce_id}, so
 * deduplicating consumers see no new events. Events are read through the storage engine (upcasters apply) in commit
 * order, so an aggregate's events reach its partition in order. It uses a producer of its own and leaves the
 * replicator's position alone.
 */
public class Republisher {

    /** Acknowledgements are awaited every this many records, so memory stays bounded on large ranges. */
    private static final int WINDOW = 5_000;

    private final EventStorageEngine storage;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Topics topics;
    private final KafkaConnection connection;
    private final ReplicationProperties properties;
    private final Tracer tracer;
    private final Counter records;

    Republisher(
            EventStorageEngine storage,
            JdbcTemplate jdbc,
            Serializer serializer,
            Topics topics,
            KafkaConnection connection,
            ReplicationProperties properties,
            OpenTelemetry openTelemetry,
            MeterRegistry meters) {
        this.storage = storage;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.topics = topics;
        this.connection = connection;
        this.properties = properties;
        this.tracer = openTelemetry.getTracer("org.ledgerline.replication");
        this.records = Counter.builder("ledgerline.republish.records")
                .description("Events re-sent to Kafka on an operator's request")
                .register(meters);
    }

    /**
     * What a republish sent.
     *
     * @param sent    records Kafka acknowledged, per topic in {@code topics}
     * @param skipped events this platform cannot read (unknown type; they sit in the replicator's dead letters)
     */
    public record Result(long fromPosition, long toPosition, long sent, long skipped, Map<String, Long> topics) {}

    /** Re-sends the events whose global index lies in {@code [fromPosition, toPosition]}; returns once acknowledged. */
    public Result republish(long fromPosition, Long toPosition) {
        if (fromPosition < 0 || (toPosition != null && toPosition < fromPosition)) {
            throw new InvalidCommandException(
                    "A range is 0 <= from-position <= to-position; got " + fromPosition + ".." + toPosition);
        }
        long to = toPosition == null ? Long.MAX_VALUE : toPosition;
        Map<String, Object> range = jdbc.queryForMap(
                "SELECT min(tx_id) AS first, max(tx_id) AS last FROM domainevententry "
                        + "WHERE globalindex BETWEEN ? AND ?",
                fromPosition,
                to);
        if (range.get("first") == null) {
            return new Result(fromPosition, to, 0, 0, Map.of());
        }
        long firstTransaction = ((Number) range.get("first")).longValue();
        long lastTransaction = ((Number) range.get("last")).longValue();
        Span span = tracer.spanBuilder("kafka republish")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("ledgerline.from_position", fromPosition)
                .setAttribute("ledgerline.to_position", to)
                .startSpan();
        Duration ackTimeout = properties.ackTimeout();
        Map<String, Long> perTopic = new TreeMap<>();
        long sent = 0;
        long skipped = 0;
        Producer<String, byte[]> producer = new KafkaProducer<>(
                ReplicationProducer.config(connection, properties, "republisher"),
                new StringSerializer(),
                new ByteArraySerializer());
        try {
            List<Future<RecordMetadata>> window = new ArrayList<>(WINDOW);
            TrackingToken from = new CommitOrderTrackingToken(firstTransaction - 1, Long.MAX_VALUE);
            long visibleBy = System.nanoTime() + ackTimeout.toNanos();
            // Readers see a transaction only once every older one has ended (ADR 0002): the range's newest events
            // can be a moment away, so read again until its last transaction has been read.
            while (transactionOf(from) < lastTransaction) {
                if (System.nanoTime() > visibleBy) {
                    throw new KafkaUnavailableException(
                            "The events up to " + (toPosition == null ? "the newest" : "position " + toPosition)
                                    + " did not become readable within " + ackTimeout
                                    + " (a transaction still open in the store holds them back); try again later",
                            null);
                }
                TrackingToken start = from;
                try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(start, false)) {
                    Iterator<? extends TrackedEventMessage<?>> inOrder = events.takeWhile(
                                    e -> transactionOf(e.trackingToken()) <= lastTransaction)
                            .iterator();
                    while (inOrder.hasNext()) {
                        TrackedEventMessage<?> event = inOrder.next();
                        from = event.trackingToken();
                        long position = event.trackingToken().position().orElse(-1);
                        if (position < fromPosition || position > to) {
                            continue;
                        }
                        byte[] value;
                        try {
                            // The replicator's poison rule: an event this platform cannot read is not sent.
                            if (event.getPayload() instanceof UnknownSerializedType) {
                                skipped++;
                                continue;
                            }
                            value = event.serializePayload(serializer, byte[].class)
                                    .getData();
                        } catch (SerializationException e) {
                            skipped++;
                            continue;
                        }
                        var record = ReplicationRecords.record(
                                event, event.trackingToken(), value, topics, properties.source());
                        window.add(producer.send(record));
                        perTopic.merge(record.topic(), 1L, Long::sum);
                        if (window.size() == WINDOW) {
                            sent += await(window, ackTimeout);
                        }
                    }
                }
                if (transactionOf(from) < lastTransaction) {
                    pause();
                }
            }
            sent += await(window, ackTimeout);
            records.increment(sent);
            span.setAttribute("messaging.batch.message_count", sent);
            return new Result(fromPosition, to, sent, skipped, perTopic);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            // Bounded: with Kafka away, records never expire in the producer (the replicator's settings).
            producer.close(Duration.ofSeconds(5));
            span.end();
        }
    }

    private static long transactionOf(TrackingToken token) {
        return token instanceof CommitOrderTrackingToken position ? position.transactionId() : Long.MAX_VALUE;
    }

    private static void pause() {
        try {
            Thread.sleep(20); // waiting for older transactions to end, between reads
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("Interrupted while reading the events", e);
        }
    }

    private static long await(List<Future<RecordMetadata>> window, Duration timeout) {
        // No producer.flush(): with Kafka away it would wait forever; linger.ms sends soon and the deadline bounds it.
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> send : window) {
                send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaUnavailableException(
                    "Kafka did not acknowledge the republished events: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("Interrupted while waiting for Kafka", e);
        }
        int count = window.size();
        window.clear();
        return count;
    }
}
