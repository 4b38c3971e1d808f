package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDecorator;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedMessage;
import org.junit.jupiter.api.Test;
import org.ledgerline.probe.api.ProbeHappened;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the replicator's processor thread is spared: Axon's per-handler timeout (a stack trace and a scheduled warning
 * per event), which every other handler of the application keeps, and binding each event's metadata, which its
 * prefetching reader does ahead.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        properties = {"ledgerline.replication.topic-prefix=handler"})
class ReplicatorHandlerIT {

    @Autowired
    Configuration axon;

    @Autowired
    EventStorageEngine storage;

    @Autowired
    EventStore eventStore;

    @Autowired
    ReplicationProperties properties;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void the_replicators_handler_has_no_per_handler_timeout_and_other_handlers_keep_theirs() {
        assertThat(handlers(KafkaReplicator.class)).isNotEmpty().noneMatch(ReplicatorHandlerIT::timed);
        assertThat(handlers(OtherHandler.class)).isNotEmpty().allMatch(ReplicatorHandlerIT::timed);
    }

    @Test
    void the_replicators_reader_hands_over_events_with_their_metadata_bound() throws Exception {
        TrackingToken head = storage.createHeadToken();
        var appended = new GenericDomainEventMessage<>(
                "Probe", "agg-meta", 0L, new ProbeHappened("agg-meta", 0), MetaData.with("traceparent", "00-x"));
        new TransactionTemplate(transactions).executeWithoutResult(status -> storage.appendEvents(appended));

        try (BlockingStream<TrackedEventMessage<?>> stream = ReplicationAutoConfiguration.replicatorSource(
                        storage, eventStore, properties)
                .openStream(head)) {
            TrackedEventMessage<?> read;
            do {
                assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
                read = stream.nextAvailable();
            } while (!read.getIdentifier().equals(appended.getIdentifier()));
            assertThat(metaDataBound(read)).isTrue();
        }
    }

    /** Whether the stored message under {@code message}'s decorators has bound its metadata already. */
    private static boolean metaDataBound(Message<?> message) throws ReflectiveOperationException {
        Method delegate = MessageDecorator.class.getDeclaredMethod("getDelegate");
        delegate.setAccessible(true);
        Message<?> inner = message;
        while (inner instanceof MessageDecorator<?> decorator) {
            inner = (Message<?>) delegate.invoke(decorator);
        }
        Field metaData = SerializedMessage.class.getDeclaredField("metaData");
        metaData.setAccessible(true);
        return ((LazyDeserializingObject<?>) metaData.get(inner)).isDeserialized();
    }

    private java.util.List<MessageHandlingMember<?>> handlers(Class<?> type) {
        return AnnotatedHandlerInspector.inspectType(
                        type, axon.parameterResolverFactory(), axon.handlerDefinition(type))
                .getAllHandlers()
                .values()
                .stream()
                .flatMap(java.util.Collection::stream)
                .<MessageHandlingMember<?>>map(member -> member)
                .toList();
    }

    /** Wrapped by Axon's timeout wrapper (package-private, so looked up by name). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean timed(MessageHandlingMember<?> member) {
        try {
            Class wrapper = Class.forName("org.axonframework.messaging.timeout.TimeoutWrappedMessageHandlingMember");
            return member.unwrap(wrapper).isPresent();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static class OtherHandler {

        @EventHandler
        void on(EventMessage<?> event) {}
    }
}
