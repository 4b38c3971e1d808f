package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The replicator's event handler is built without Axon's per-handler timeout (a stack trace and a scheduled warning
 * per event); every other handler of the application keeps it.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        properties = {"ledgerline.replication.topic-prefix=handler"})
class ReplicatorHandlerIT {

    @Autowired
    Configuration axon;

    @Test
    void the_replicators_handler_has_no_per_handler_timeout_and_other_handlers_keep_theirs() {
        assertThat(handlers(KafkaReplicator.class)).isNotEmpty().noneMatch(ReplicatorHandlerIT::timed);
        assertThat(handlers(OtherHandler.class)).isNotEmpty().allMatch(ReplicatorHandlerIT::timed);
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
