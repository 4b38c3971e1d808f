package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.EventContract;
import org.ledgerline.probe.api.ProbeEvents;
import org.ledgerline.probe.api.ProbeHappened;

/**
 * The replicator's contract with its processor, without a broker: a batch commits (and its token with it) only once
 * Kafka acknowledged every record; Kafka trouble fails the batch, never the event; an unreadable event is poison.
 */
class KafkaReplicatorTest {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final ReplicationProperties properties =
            new ReplicationProperties(null, "unit", null, null, null, null, Duration.ofMillis(300), null, null, null);
    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    private final ReplicationStatus status = new ReplicationStatus(Clock.systemUTC());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new Recorder(spans)))
            .build();
    private final List<Broker> producers = new ArrayList<>();
    private volatile Broker.Mode mode;
    private volatile String tooLarge = "";
    private volatile RuntimeException topicFailure;
    private final Topics topics =
            new Topics(
                    properties, new EventContract(List.of(ProbeEvents.CATALOG)), (org.apache.kafka.clients.admin.Admin)
                            null) {
                @Override
                void ensure(String topic) {
                    // no broker in this test: every topic exists, unless a test makes creating it fail
                    if (topicFailure != null) {
                        throw topicFailure;
                    }
                }
            };

    @AfterEach
    void cleanUp() {
        tracing.close();
        // A test that failed half-way leaves its unit of work on the thread; the next would nest inside it.
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void a_batch_commits_once_kafka_acknowledged_every_record_which_carries_the_cloudevents_headers() {
        KafkaReplicator replicator = replicator(Broker.Mode.ACKNOWLEDGE);
        GenericDomainEventMessage<ProbeHappened> traced = event("agg-1", 0, MetaData.with("traceparent", TRACEPARENT));
        GenericDomainEventMessage<ProbeHappened> plain = event("agg-2", 4, MetaData.emptyInstance());

        AtomicBoolean committed = runBatch(replicator, List.of(traced, plain));

        assertThat(committed).isTrue();
        List<ProducerRecord<String, byte[]>> sent = producers.getFirst().history();
        assertThat(sent).hasSize(2);
        ProducerRecord<String, byte[]> first = sent.getFirst();
        assertThat(first.topic()).isEqualTo("unit.probe.events");
        assertThat(first.key()).isEqualTo("agg-1");
        assertThat(new String(first.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"aggregateId\":\"agg-1\",\"step\":0}");
        assertThat(headers(first))
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", traced.getIdentifier())
                .containsEntry("ce_type", "probe.ProbeHappened")
                .containsEntry("ledgerline_revision", "1")
                .containsEntry("ce_source", "urn:ledgerline:event-store")
                .containsEntry("ce_time", traced.getTimestamp().toString())
                .containsEntry("ce_subject", "agg-1")
                .containsEntry("ledgerline_sequence", "0")
                .containsEntry("ledgerline_position", "41")
                .containsEntry("traceparent", TRACEPARENT);
        assertThat(headers(sent.get(1)))
                .containsEntry("ledgerline_sequence", "4")
                .doesNotContainKey("traceparent");

        assertThat(meters.counter("ledgerline.replication.records").count()).isEqualTo(2);
        assertThat(meters.timer("ledgerline.replication.batch").count()).isEqualTo(1);
        assertThat(status.lastAcknowledged()).isNotNull();
        assertThat(spans).singleElement().satisfies(span -> {
            assertThat(span.getName()).isEqualTo("kafka replicate");
            assertThat(span.getLinks())
                    .singleElement()
                    .satisfies(link -> assertThat(link.getSpanContext().getTraceId())
                            .isEqualTo("0af7651916cd43dd8448eb211c80319c"));
            assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        });
    }

    @Test
    void a_batch_kafka_does_not_acknowledge_in_time_rolls_back_and_is_retried_on_a_fresh_producer() {
        KafkaReplicator replicator = replicator(Broker.Mode.NEVER_ANSWER);

        AtomicBoolean committed = runBatch(replicator, List.of(event("agg-1", 0, MetaData.emptyInstance())));

        assertThat(committed).as("token committed without acknowledgement").isFalse();
        assertThat(status.lastFailure()).isNotNull();
        assertThat(status.lastFailure().reason()).isEqualTo("timeout");
        assertThat(status.lastFailure().error()).isEqualTo(KafkaFailures.TIMEOUT_MESSAGE);
        assertThat(meters.counter("ledgerline.replication.errors").count()).isEqualTo(1);
        assertThat(meters.counter("ledgerline.replication.records").count()).isZero();
        assertThat(producers.getFirst().closed())
                .as("the failed producer is dropped")
                .isTrue();
        assertThat(spans)
                .singleElement()
                .satisfies(span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));

        mode = Broker.Mode.ACKNOWLEDGE;
        assertThat(runBatch(replicator, List.of(event("agg-1", 0, MetaData.emptyInstance()))))
                .isTrue();
        assertThat(producers).hasSize(2);
        assertThat(status.lastFailure()).isNull();
    }

    @Test
    void a_record_kafka_rejects_fails_the_batch_and_never_the_event() {
        KafkaReplicator replicator = replicator(Broker.Mode.REJECT);
        GenericDomainEventMessage<ProbeHappened> event = event("agg-1", 0, MetaData.emptyInstance());
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        AtomicBoolean committed = new AtomicBoolean();
        unitOfWork.onCommit(u -> committed.set(true));

        // The handler itself must not throw: a handler exception is what the dead-letter queue takes.
        assertThatCode(() -> replicator.on(event, token(41))).doesNotThrowAnyException();
        assertThatThrownBy(unitOfWork::commit)
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessageContaining("did not acknowledge");
        assertThat(committed).isFalse();
    }

    @Test
    void a_topic_kafka_will_not_create_for_refused_credentials_fails_the_batch_and_never_the_event() {
        // A handler exception is what the dead-letter queue takes: the event would be parked and the token advanced,
        // so the replica would silently lack it. The batch must fail instead, and the status say why.
        topicFailure = new KafkaUnavailableException(
                "Cannot create topic unit.probe.events: Authentication failed",
                new SaslAuthenticationException("Authentication failed: Invalid " + "username or password"));
        KafkaReplicator replicator = replicator(Broker.Mode.ACKNOWLEDGE);
        GenericDomainEventMessage<ProbeHappened> event = event("agg-1", 0, MetaData.emptyInstance());
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        AtomicBoolean committed = new AtomicBoolean();
        unitOfWork.onCommit(u -> committed.set(true));

        assertThatCode(() -> replicator.on(event, token(41))).doesNotThrowAnyException();
        assertThatThrownBy(unitOfWork::commit).isInstanceOf(KafkaUnavailableException.class);
        assertThat(committed).isFalse();
        assertThat(status.lastFailure().reason()).isEqualTo("authentication");
        assertThat(status.lastFailure().error())
                .isEqualTo(KafkaFailures.AUTHENTICATION_MESSAGE)
                .doesNotContain("Invalid username");
    }

    @Test
    void after_a_record_the_producer_refused_at_once_no_later_record_of_the_batch_is_sent_to_overtake_it() {
        // KafkaProducer answers some failures (no metadata within max.block.ms) with an already failed future; if the
        // broker is back for the next send, that record would land before the one that failed.
        KafkaReplicator replicator = replicator(Broker.Mode.REFUSE_FIRST_THEN_ACKNOWLEDGE);

        AtomicBoolean committed = runBatch(
                replicator,
                List.of(
                        event("agg-1", 0, MetaData.emptyInstance()),
                        event("agg-1", 1, MetaData.emptyInstance()),
                        event("agg-2", 0, MetaData.emptyInstance())));

        assertThat(committed).isFalse();
        assertThat(producers.getFirst().history())
                .as("records sent after the refused one")
                .isEmpty();
        assertThat(status.lastFailure().reason()).isEqualTo("timeout");
    }

    @Test
    void a_record_too_large_for_kafka_is_poison_and_the_rest_of_the_batch_commits() {
        KafkaReplicator replicator = replicator(Broker.Mode.ACKNOWLEDGE);
        GenericDomainEventMessage<ProbeHappened> huge = event("agg-huge", 0, MetaData.emptyInstance());
        GenericDomainEventMessage<ProbeHappened> fine = event("agg-2", 0, MetaData.emptyInstance());
        tooLarge = huge.getIdentifier();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(huge);

        assertThatThrownBy(() -> replicator.on(huge, token(41)))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("too large");
        replicator.on(fine, token(42));
        unitOfWork.commit();

        assertThat(producers.getFirst().history())
                .extracting(ProducerRecord::key)
                .containsExactly("agg-2");
        assertThat(status.lastFailure()).isNull();
    }

    @Test
    void an_event_whose_stored_payload_cannot_be_read_is_poison_for_the_dead_letter_queue() {
        KafkaReplicator replicator = replicator(Broker.Mode.ACKNOWLEDGE);
        UnknownSerializedType unknown = new UnknownSerializedType(
                serializer,
                new SimpleSerializedObject<>(
                        "{}".getBytes(StandardCharsets.UTF_8), byte[].class, "com.example.Gone", null));
        GenericDomainEventMessage<UnknownSerializedType> event =
                new GenericDomainEventMessage<>("Probe", "agg-1", 0, unknown);
        DefaultUnitOfWork.startAndGet(event);
        try {
            assertThatThrownBy(() -> replicator.on(event, token(41)))
                    .isInstanceOf(PoisonEventException.class)
                    .hasMessageContaining("com.example.Gone");
        } finally {
            CurrentUnitOfWork.get().rollback();
        }
        assertThat(producers).isEmpty();
    }

    @Test
    void an_events_context_comes_from_its_catalog_under_any_of_its_names_and_anything_else_goes_to_the_fallback() {
        assertThat(topics.contextOf("probe.ProbeHappened")).isEqualTo("probe");
        assertThat(topics.contextOf("org.ledgerline.probe.api.ProbeHappened"))
                .as("its former name")
                .isEqualTo("probe");
        // No derivation from package names any more: a class outside every catalog is not part of a context.
        assertThat(topics.contextOf("org.ledgerline.order.api.OrderPlaced")).isEqualTo("other");
        assertThat(topics.contextOf("org.ledgerline.kernel.Money")).isEqualTo("other");
        assertThat(topics.typeOf(ProbeHappened.class)).isEqualTo("probe.ProbeHappened");
        assertThat(topics.typeOf(String.class)).isEqualTo("java.lang.String");
        assertThat(properties.topicOf("user")).isEqualTo("unit.user.events");
    }

    @Test
    void inside_a_trace_that_is_not_recorded_a_record_keeps_the_origins_traceparent() {
        KafkaReplicator replicator = replicator(Broker.Mode.ACKNOWLEDGE);
        // The processor's handler span as the default setup makes it: valid ids, recording nothing.
        Span unrecorded = Span.wrap(SpanContext.create(
                "1af7651916cd43dd8448eb211c80319c",
                "c7ad6b7169203331",
                TraceFlags.getDefault(),
                TraceState.getDefault()));

        try (Scope ignored = unrecorded.makeCurrent()) {
            runBatch(replicator, List.of(event("agg-1", 0, MetaData.with("traceparent", TRACEPARENT))));
        }

        assertThat(headers(producers.getFirst().history().getFirst())).containsEntry("traceparent", TRACEPARENT);
        assertThat(spans).extracting(SpanData::getName).doesNotContain("publish unit.probe.events");
    }

    @Test
    void only_a_well_formed_traceparent_becomes_a_span_link() {
        assertThat(KafkaReplicator.parse(TRACEPARENT)).isNotNull();
        assertThat(KafkaReplicator.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b71692033-01"))
                .isNull();
        assertThat(KafkaReplicator.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01"))
                .isNull();
        assertThat(KafkaReplicator.parse("garbage")).isNull();
    }

    private KafkaReplicator replicator(Broker.Mode initialMode) {
        mode = initialMode;
        ReplicationProducer producer = new ReplicationProducer(() -> {
            Broker broker = new Broker(() -> mode, () -> tooLarge);
            producers.add(broker);
            return broker;
        });
        OpenTelemetry openTelemetry =
                OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
        return new KafkaReplicator(producer, topics, serializer, properties, status, openTelemetry, meters);
    }

    /** Runs the events as one processor batch; answers whether it committed (as the processor's token would). */
    private AtomicBoolean runBatch(KafkaReplicator replicator, List<GenericDomainEventMessage<ProbeHappened>> events) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(events.getFirst());
        AtomicBoolean committed = new AtomicBoolean();
        unitOfWork.onCommit(u -> committed.set(true));
        long position = 41;
        for (GenericDomainEventMessage<ProbeHappened> event : events) {
            replicator.on(event, token(position++));
        }
        try {
            unitOfWork.commit();
        } catch (KafkaUnavailableException expected) {
            // the processor would back off and retry the batch
        }
        return committed;
    }

    private static TrackingToken token(long globalIndex) {
        return new CommitOrderTrackingToken(1000 + globalIndex, globalIndex);
    }

    private static GenericDomainEventMessage<ProbeHappened> event(String aggregate, long sequence, MetaData metaData) {
        return new GenericDomainEventMessage<>(
                "Probe", aggregate, sequence, new ProbeHappened(aggregate, sequence), metaData);
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        return StreamSupport.stream(record.headers().spliterator(), false)
                .collect(Collectors.toMap(
                        header -> header.key(), header -> new String(header.value(), StandardCharsets.UTF_8)));
    }

    /** A producer whose broker acknowledges at once, never answers, or rejects every record. */
    private static final class Broker extends MockProducer<String, byte[]> {

        enum Mode {
            ACKNOWLEDGE,
            NEVER_ANSWER,
            REJECT,
            REFUSE_FIRST_THEN_ACKNOWLEDGE
        }

        private final Supplier<Mode> mode;
        private final Supplier<String> tooLarge;
        private int sends;

        Broker(Supplier<Mode> mode, Supplier<String> tooLarge) {
            super(
                    mode.get() != Mode.NEVER_ANSWER && mode.get() != Mode.REJECT,
                    null,
                    new StringSerializer(),
                    new ByteArraySerializer());
            this.mode = mode;
            this.tooLarge = tooLarge;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            String ceId = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
            if (ceId.equals(tooLarge.get())) {
                return CompletableFuture.failedFuture(new RecordTooLargeException("The message is 2000000 bytes"));
            }
            if (mode.get() == Mode.REJECT || (mode.get() == Mode.REFUSE_FIRST_THEN_ACKNOWLEDGE && sends++ == 0)) {
                return CompletableFuture.failedFuture(
                        new TimeoutException("Topic unit.probe.events not present " + "in metadata: no metadata"));
            }
            return super.send(record);
        }

        @Override
        public synchronized void flush() {
            if (mode.get() == Mode.ACKNOWLEDGE) {
                super.flush();
            }
            // otherwise the broker is away: a flush completes nothing
        }
    }

    private record Recorder(List<SpanData> spans) implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
