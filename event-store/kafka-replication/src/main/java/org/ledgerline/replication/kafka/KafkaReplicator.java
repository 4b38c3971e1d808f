package org.ledgerline.replication.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;

/**
 * Produces every event of the store to its context's Kafka topic. Sends are asynchronous; before the processor's
 * batch commits (and with it the token), it waits until Kafka acknowledged every record of the batch. A failure rolls
 * the batch back and the processor retries it, so nothing is lost; a retried batch re-sends records with the same
 * {@code ce_id}, which consumers dedupe on.
 */
@ProcessingGroup(KafkaReplicator.PROCESSING_GROUP)
public class KafkaReplicator {

    public static final String PROCESSING_GROUP = "kafka-replicator";
    private static final String BATCH = KafkaReplicator.class.getName() + ".batch";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final ReplicationProducer producer;
    private final Topics topics;
    private final Serializer serializer;
    private final ReplicationProperties properties;
    private final ReplicationStatus status;
    private final Tracer tracer;
    private final Counter records;
    private final Counter errors;
    private final Timer batchTimer;

    KafkaReplicator(
            ReplicationProducer producer,
            Topics topics,
            Serializer serializer,
            ReplicationProperties properties,
            ReplicationStatus status,
            OpenTelemetry openTelemetry,
            MeterRegistry meters) {
        this.producer = producer;
        this.topics = topics;
        this.serializer = serializer;
        this.properties = properties;
        this.status = status;
        this.tracer = openTelemetry.getTracer("org.ledgerline.replication");
        this.records = Counter.builder("ledgerline.replication.records")
                .description("Events acknowledged by Kafka")
                .register(meters);
        this.errors = Counter.builder("ledgerline.replication.errors")
                .description("Batches Kafka did not acknowledge (retried)")
                .register(meters);
        this.batchTimer = Timer.builder("ledgerline.replication.batch")
                .description("Time from a batch's first send to Kafka's last acknowledgement")
                .register(meters);
    }

    /**
     * Takes the message, not the payload: the stored JSON goes to Kafka as it is, so the payload is never bound to
     * objects (that was an eighth of the replicator's CPU during a catch-up, in a JFR profile), only tokenized to
     * keep a malformed one out of Kafka.
     */
    @EventHandler
    void on(EventMessage<?> event, TrackingToken token) {
        if (UnknownSerializedType.class.equals(event.getPayloadType())
                && event.getPayload() instanceof UnknownSerializedType unknown) {
            throw new PoisonEventException(
                    "Event " + event.getIdentifier() + " has type " + unknown.serializedType()
                            + ", which this platform cannot read",
                    null);
        }
        byte[] value;
        try {
            value = event.serializePayload(serializer, byte[].class).getData();
            requireOneJsonValue(value);
        } catch (RuntimeException | IOException e) {
            throw new PoisonEventException(
                    "Event " + event.getIdentifier() + " cannot be written as JSON: " + e.getMessage(), e);
        }
        Batch batch = currentBatch();
        if (batch.broken()) {
            return; // Kafka already failed this batch: it will roll back and come again
        }
        ProducerRecord<String, byte[]> record;
        try {
            record = record(event, token, value);
        } catch (KafkaUnavailableException e) {
            // The topic could not be made ready (Kafka away, credentials refused): the batch fails with that cause.
            batch.breakWith(e);
            return;
        }
        Span publish = publishSpan(record, event);
        Future<RecordMetadata> send;
        try {
            send = producer.send(record, batch.generation);
        } catch (RuntimeException e) {
            // Kafka trouble is never the event's fault: fail the whole batch, never dead-letter the event.
            publish.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            publish.end();
            batch.breakWith(e);
            return;
        }
        publish.end();
        Throwable refused = refusedAtOnce(send);
        if (refused instanceof RecordTooLargeException) {
            // No retry can make this record fit: it is the event's problem, not Kafka's.
            throw new PoisonEventException(
                    "Event " + event.getIdentifier() + " is too large for Kafka: " + refused.getMessage(), refused);
        }
        if (refused != null) {
            // The producer answers some failures (e.g. no metadata within max.block.ms) with a failed future at once.
            // This record never left; a later one of the same partition must not overtake it, so the batch stops.
            batch.breakWith(
                    refused instanceof RuntimeException runtime
                            ? runtime
                            : new KafkaUnavailableException(refused.getMessage(), refused));
            return;
        }
        batch.link(event);
        batch.add(send);
    }

    /**
     * A producer span per record, when the event is handled inside a recorded trace (the platform's processors
     * continue the origin's trace): the record's {@code traceparent} then names this span, so a consumer's span is its
     * child. Outside a trace, or in one that is not recorded (not sampled, or the default setup that exports nothing),
     * there is none and the record keeps the origin's {@code traceparent}: the same trace id, and no parent that no
     * one will ever see. Making and naming an unrecorded span per record cost about 3 % of the replicator's thread.
     */
    private Span publishSpan(ProducerRecord<String, byte[]> record, EventMessage<?> event) {
        if (!Span.current().isRecording()) {
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder("publish " + record.topic())
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.name", "publish")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.message.id", event.getIdentifier())
                .setAttribute("ledgerline.event.type", event.getPayloadType().getSimpleName())
                .startSpan();
        if (record.key() != null) {
            span.setAttribute("messaging.kafka.message.key", record.key());
            span.setAttribute("ledgerline.aggregate.id", record.key());
        }
        SpanContext context = span.getSpanContext();
        if (context.isValid()) {
            record.headers().remove("traceparent");
            record.headers()
                    .add(
                            "traceparent",
                            ("00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                                            + context.getTraceFlags().asHex())
                                    .getBytes(StandardCharsets.UTF_8));
        }
        return span;
    }

    /**
     * The stored payload goes to Kafka as stored, so it is checked to be one well-formed JSON value: tokenized, not
     * bound to objects (a fraction of deserializing it).
     */
    private static void requireOneJsonValue(byte[] value) throws IOException {
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() == null) {
                throw new IOException("the payload is empty");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IOException("the payload has content after its JSON value");
            }
        }
    }

    /** The failure of a send that failed before it left the producer, or null. */
    private static Throwable refusedAtOnce(Future<RecordMetadata> send) {
        if (!send.isDone()) {
            return null;
        }
        try {
            send.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (CancellationException e) {
            return e;
        }
    }

    private ProducerRecord<String, byte[]> record(EventMessage<?> event, TrackingToken token, byte[] value) {
        return ReplicationRecords.record(event, token, value, topics, properties.source());
    }

    private Batch currentBatch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            root.onPrepareCommit(u -> batch.awaitAcknowledgements());
            root.onRollback(u -> batch.rolledBack());
            return batch;
        });
    }

    /** The records of one processor batch, and its span. */
    private final class Batch {

        private final List<Future<RecordMetadata>> sends = new ArrayList<>();
        private final long generation = producer.generation();
        private final long started = System.nanoTime();
        // The span starts with the batch's first event, not at the acknowledgement wait: it covers the whole batch.
        private final SpanBuilder spanBuilder = tracer.spanBuilder("kafka replicate")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setStartTimestamp(Instant.now());
        private boolean settled;
        private RuntimeException broken;

        boolean broken() {
            return broken != null;
        }

        void breakWith(RuntimeException cause) {
            broken = cause;
        }

        void add(Future<RecordMetadata> send) {
            sends.add(send);
        }

        void link(EventMessage<?> event) {
            Object traceparent = event.getMetaData().get("traceparent");
            SpanContext origin = traceparent == null ? null : parse(traceparent.toString());
            if (origin != null) {
                spanBuilder.addLink(origin);
            }
        }

        void awaitAcknowledgements() {
            Span span = spanBuilder
                    .setAttribute("messaging.batch.message_count", (long) sends.size())
                    .startSpan();
            try {
                if (broken != null) {
                    throw new ExecutionException(broken);
                }
                // Not producer.flush() here: records never expire in the producer, so a flush could wait forever
                // while Kafka is down. The deadline bounds the wait.
                producer.flushSoon();
                long deadline = System.nanoTime() + properties.ackTimeout().toNanos();
                for (Future<RecordMetadata> send : sends) {
                    send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                settled = true;
                records.increment(sends.size());
                batchTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                status.acknowledged();
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
                fail(cause);
                throw new KafkaUnavailableException(
                        "Kafka did not acknowledge a batch of " + sends.size() + " events: " + cause.getMessage(),
                        cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
                throw new KafkaUnavailableException("Interrupted while waiting for Kafka", e);
            } finally {
                span.end();
            }
        }

        private void fail(Throwable cause) {
            settled = true;
            producer.reset();
            errors.increment();
            status.failed(cause);
        }

        /** A batch that failed before waiting for Kafka (e.g. a topic could not be created). */
        void rolledBack() {
            if (!settled) {
                fail(
                        broken != null
                                ? broken
                                : new IllegalStateException("the batch was rolled back before Kafka acknowledged it"));
            }
        }
    }

    /** A W3C traceparent header ({@code 00-<trace id>-<span id>-<flags>}) as a span context, or null. */
    static SpanContext parse(String traceparent) {
        String[] parts = traceparent.split("-");
        if (parts.length != 4 || parts[1].length() != 32 || parts[2].length() != 16) {
            return null;
        }
        SpanContext context = SpanContext.createFromRemoteParent(
                parts[1], parts[2], TraceFlags.getSampled(), TraceState.getDefault());
        return context.isValid() ? context : null;
    }
}
