package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDecorator;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedMessage;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.PrefetchingEventSource;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The prefetching reader decodes on its own thread what the processor's thread would otherwise decode: the metadata
 * when asked (Axon's processor binds it for every event it handles, for the correlation data of its result message,
 * whatever the handler reads; the Kafka replicator handles every event), not by default (a rebuild skips most events
 * unread); the payload stays stored when the processor sends the stored bytes (the replicator).
 */
@LedgerlineIntegrationTest
class PrefetchedDecodingIT {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void a_source_asked_to_binds_each_events_metadata_and_leaves_its_payload_stored() throws Exception {
        TrackedEventMessage<?> read = appendAndRead(true);

        assertThat(decoded(read, "metaData")).as("metadata bound by the reader").isTrue();
        assertThat(decoded(read, "payload")).as("payload bound").isFalse();
        assertThat(read.getMetaData()).containsEntry("traceparent", TRACEPARENT);
    }

    @Test
    void by_default_the_metadata_stays_stored_for_the_processor_to_bind_if_it_handles_the_event() throws Exception {
        TrackedEventMessage<?> read = appendAndRead(false);

        assertThat(decoded(read, "metaData")).as("metadata bound by the reader").isFalse();
        assertThat(read.getMetaData()).containsEntry("traceparent", TRACEPARENT);
    }

    private TrackedEventMessage<?> appendAndRead(boolean decodeMetaData) throws InterruptedException {
        TrackingToken head = storageEngine.createHeadToken();
        String aggregateId = "decoded-" + UUID.randomUUID();
        var appended = new GenericDomainEventMessage<>(
                "Probe", aggregateId, 0L, new Probe(aggregateId), MetaData.with("traceparent", TRACEPARENT));
        new TransactionTemplate(transactions).executeWithoutResult(status -> storageEngine.appendEvents(appended));

        try (BlockingStream<TrackedEventMessage<?>> stream = new PrefetchingEventSource(
                        (CommitOrderedJdbcEventStorageEngine) storageEngine,
                        100,
                        2,
                        false,
                        decodeMetaData,
                        Duration.ofMillis(50))
                .openStream(head)) {
            TrackedEventMessage<?> read;
            do {
                assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
                read = stream.nextAvailable();
            } while (!read.getIdentifier().equals(appended.getIdentifier()));
            return read;
        }
    }

    /** Whether the stored message under {@code message}'s decorators has decoded its {@code field} already. */
    private static boolean decoded(Message<?> message, String field) throws ReflectiveOperationException {
        Method delegate = MessageDecorator.class.getDeclaredMethod("getDelegate");
        delegate.setAccessible(true);
        Message<?> inner = message;
        while (inner instanceof MessageDecorator<?> decorator) {
            inner = (Message<?>) delegate.invoke(decorator);
        }
        assertThat(inner).isInstanceOf(SerializedMessage.class);
        Field lazy = SerializedMessage.class.getDeclaredField(field);
        lazy.setAccessible(true);
        return ((LazyDeserializingObject<?>) lazy.get(inner)).isDeserialized();
    }

    record Probe(String id) {}
}
